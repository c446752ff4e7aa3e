from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SkalaConfig(AppConfig):
    """Measuring at national scale (issue 16): the data generator. No models, no pages."""

    name = "skala"
    verbose_name = _("Skala nasional")
