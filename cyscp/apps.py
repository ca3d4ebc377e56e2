from django.apps import AppConfig


class CyscpConfig(AppConfig):
    name = "cyscp"
    verbose_name = "Learning hub and site-wide content"
