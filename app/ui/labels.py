"""Translated names for coded values (topics, sections), kept in one place
so that the catalog extractor finds every string."""

from __future__ import annotations

from collections.abc import Callable

from app.core.articles import Stage, Topic
from app.core.codes import Sector
from app.core.help import HelpKind


def topic_label(topic: Topic, _: Callable[[str], str]) -> str:
    labels = {
        Topic.RECRUITMENT_FEES: _("Recruitment fees"),
        Topic.CONTRACT: _("Job offer and contract"),
        Topic.DOCUMENTS: _("Passport and documents"),
        Topic.WAGES: _("Wages"),
        Topic.HOURS_REST: _("Working hours and rest"),
        Topic.FREEDOM_TO_LEAVE: _("Freedom to leave"),
        Topic.CHANGE_EMPLOYER: _("Changing employer"),
        Topic.FORCED_LABOUR_SIGNS: _("Warning signs of forced labour"),
        Topic.VIOLENCE_HARASSMENT: _("Violence and harassment"),
        Topic.FREEDOM_OF_ASSOCIATION: _("Unions and organising"),
        Topic.SOCIAL_SECURITY: _("Social security"),
        Topic.HEALTH_SAFETY: _("Safety and health"),
        Topic.COMPLAINTS: _("Complaints and help"),
        Topic.RETURN: _("Going home"),
    }
    return labels[topic]


def stage_label(stage: Stage, _: Callable[[str], str]) -> str:
    labels = {
        Stage.PRE_DEPARTURE: _("Before you leave"),
        Stage.TRANSIT: _("On the way"),
        Stage.IN_DESTINATION: _("Where you work"),
        Stage.RETURN: _("Going home"),
    }
    return labels[stage]


def help_kind_label(kind: HelpKind, _: Callable[[str], str]) -> str:
    labels = {
        HelpKind.UNION: _("Trade union"),
        HelpKind.GOVERNMENT: _("Government"),
        HelpKind.EMBASSY: _("Embassy"),
        HelpKind.NGO: _("Support group"),
        HelpKind.INTERNATIONAL: _("International"),
        HelpKind.ONLINE: _("On the internet"),
    }
    return labels[kind]


def sector_label(sector: Sector, _: Callable[[str], str]) -> str:
    """The work a worker does, in the checklist's journey and in reports alike."""
    return {
        Sector.DOMESTIC_WORK: _("Domestic work"),
        Sector.CARE: _("Care work"),
        Sector.CONSTRUCTION: _("Construction"),
        Sector.AGRICULTURE: _("Farm work"),
        Sector.FISHING: _("Fishing"),
        Sector.MANUFACTURING: _("Factory work"),
        Sector.HOSPITALITY: _("Hotels and restaurants"),
        Sector.CLEANING: _("Cleaning"),
        Sector.RETAIL: _("Shops"),
        Sector.TRANSPORT: _("Driving and transport"),
        Sector.SECURITY: _("Security guard"),
        Sector.OTHER: _("Other work"),
    }[sector]
