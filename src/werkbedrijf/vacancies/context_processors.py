from .permissions import may_list_vacancies


def vacancy_navigation(request):
    """Whether the menu offers "Vacatures" (the list, or for a board member the counts)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"can_list_vacancies": False}
    return {"can_list_vacancies": may_list_vacancies(user, getattr(request, "region", None))}
