def assessment_navigation(request):
    return {"can_list_assessments": False}
