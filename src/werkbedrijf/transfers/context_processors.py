def transfer_navigation(request):
    return {"can_import": False}
