from rest_framework.routers import SimpleRouter

from .api import MunicipalityViewSet, OccupationViewSet, RegionViewSet

router = SimpleRouter(trailing_slash=False)
router.register("regions", RegionViewSet, basename="region")
router.register("municipalities", MunicipalityViewSet, basename="municipality")
router.register("occupations", OccupationViewSet, basename="occupation")

urlpatterns = router.urls
