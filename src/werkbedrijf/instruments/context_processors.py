def instrument_navigation(request):
    return {"can_list_instruments": False}
