app_name = "wage_value"
urlpatterns: list = []
