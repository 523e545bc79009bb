def vacancy_navigation(request):
    return {"can_list_vacancies": False}
