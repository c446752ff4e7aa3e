from django.apps import AppConfig


class SkalaConfig(AppConfig):
    """Measuring at national scale (issue 16): the data generator. No models, no pages."""

    name = "skala"
    verbose_name = "Skala nasional"
