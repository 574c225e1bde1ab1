"""Organisations (SPEC 1): the state office, LEAs (with the HOME pseudo-LEA), schools, providers.

One table with a ``kind``: every role membership is scoped to an organisation the same way, and a
code (``ORG_CODE``) names any of them on the command line.
"""

from django.db import models


class OrgKind(models.TextChoices):
    STATE = "state", "State office"
    LEA = "lea", "LEA"
    SCHOOL = "school", "School"
    PROVIDER = "provider", "Online provider"


class ProviderCategory(models.TextChoices):
    ONLINE = "online", "Online Provider"
    IHE = "ihe", "IHE Online Provider"
    CERTIFIED = "certified", "Certified Online Provider"


HOME_LEA_CODE = "HOME"


class Organisation(models.Model):
    kind = models.CharField(max_length=16, choices=OrgKind.choices)
    code = models.CharField(max_length=32, unique=True)
    name = models.CharField(max_length=200)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        help_text="A school's LEA; a district or charter provider's housing LEA.",
    )
    provider_category = models.CharField(
        max_length=16, choices=ProviderCategory.choices, blank=True, default=""
    )
    email = models.EmailField(blank=True, default="", help_text="Where notices to it are sent.")
    phone = models.CharField(max_length=32, blank=True, default="")
    is_active = models.BooleanField(default=True)
    counselors_decide = models.BooleanField(
        default=False,
        help_text=(
            "An LEA only: its schools' counselors approve or reject CCAs on its behalf, "
            "accepting financial responsibility as its designees (the training's counselor "
            "approval). Otherwise only its LEA approvers decide."
        ),
    )
    bulk_approval_needs_review = models.BooleanField(
        "Bulk approval needs the counselor's review",
        default=False,
        help_text=(
            "An LEA only: bulk approval skips every request its counselor has not reviewed "
            "(SEOP/PCCR answer); each is still approved on its own page."
        ),
    )

    class Meta:
        ordering = ["kind", "name"]
        indexes = [models.Index(fields=["kind", "name"])]
        constraints = [
            models.CheckConstraint(
                name="provider_has_category",
                condition=~models.Q(kind="provider") | ~models.Q(provider_category=""),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    @property
    def is_home(self) -> bool:
        return self.kind == OrgKind.LEA and self.code == HOME_LEA_CODE
