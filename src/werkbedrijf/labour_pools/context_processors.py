def labour_pool_navigation(request):
    return {"can_list_labour_pools": False}
