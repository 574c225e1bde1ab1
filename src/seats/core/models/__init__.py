"""SEATS records. Import models from here: ``from seats.core.models import CCA``."""

from .audit import AccessAction, AccessLog, AccessPurpose, StudentChange
from .calendars import BusinessDayOverride, CalendarImport, SchoolCalendar, SchoolDay
from .catalog import CourseOffering
from .cca import CCA, CCAHistory, Decision, FlagKind, LocalRegistration, OverdueFlag
from .delivery import Delivery, DeliveryChannel, DeliveryStatus, InboxMessage, SentMessage
from .organisations import HOME_LEA_CODE, Organisation, OrgKind, ProviderCategory
from .outbox import Notice, NoticeStatus
from .people import (
    GroupCare,
    Guardian,
    RoleMembership,
    Student,
    TeacherOfRecord,
    User,
    UtahFitsAll,
)
from .policy import PolicySetting
from .sweep import SweepRun

__all__ = [
    "CCA",
    "HOME_LEA_CODE",
    "AccessAction",
    "AccessLog",
    "AccessPurpose",
    "BusinessDayOverride",
    "CCAHistory",
    "CalendarImport",
    "CourseOffering",
    "Decision",
    "Delivery",
    "DeliveryChannel",
    "DeliveryStatus",
    "FlagKind",
    "GroupCare",
    "Guardian",
    "InboxMessage",
    "LocalRegistration",
    "Notice",
    "NoticeStatus",
    "OrgKind",
    "Organisation",
    "OverdueFlag",
    "PolicySetting",
    "ProviderCategory",
    "RoleMembership",
    "SchoolCalendar",
    "SchoolDay",
    "SentMessage",
    "Student",
    "StudentChange",
    "SweepRun",
    "TeacherOfRecord",
    "User",
    "UtahFitsAll",
]
