app_name = "labour_pools"
urlpatterns: list = []
