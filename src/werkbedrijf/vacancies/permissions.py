"""Who may see and change vacancies and job-carving tasks: the employers' table (employers/permissions.py),
read for vacancies.

| role                                           | vacancies and tasks     | create / edit / status / carve |
|------------------------------------------------|-------------------------|--------------------------------|
| account manager                                | all of the region       | yes                            |
| consultant, instrument officer, policy adviser | all of the region       | no                             |
| board member                                   | counts only             | no                             |
| auditor, functional administrator              | none                    | no                             |
| employer user                                  | its own employer's only | no                             |

Another region's vacancies are invisible to everyone (404). Vacancies hold no personal data, so reading them
is not access-logged; every write is (services.py).
"""

from werkbedrijf.employers.permissions import EmployerRule, EmployerScope, employer_rule

VacancyScope = EmployerScope


def vacancy_rule(user, region) -> EmployerRule:
    return employer_rule(user, region)


def may_list_vacancies(user, region) -> bool:
    """For the navigation: the list, or for a board member the counts."""
    return vacancy_rule(user, region).scope >= VacancyScope.COUNTS


def may_edit_vacancies(user, region) -> bool:
    return vacancy_rule(user, region).edit
