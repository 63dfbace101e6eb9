"""Day 2: organise a folder's files into folders by extension, category or date.

Every move is journaled first, so `undo` restores the original tree exactly, even after a run
that was killed midway. Standard library only: os, pathlib, shutil, json, datetime, argparse.
"""

from day02_file_organizer.errors import (
    FolderError,
    JournalError,
    NothingToUndoError,
    OrganizerError,
    RulesError,
)
from day02_file_organizer.journal import JOURNAL_NAME
from day02_file_organizer.journal_reader import JournalContents, JournalEntry, read_journal
from day02_file_organizer.mover import move_file
from day02_file_organizer.organizer import Failure, Summary, apply_plan, organize
from day02_file_organizer.planner import Move, OrganizeOptions, Plan, Skipped, plan_moves
from day02_file_organizer.rules import DEFAULT_RULES, Rules
from day02_file_organizer.rules_file import load_rules
from day02_file_organizer.undoer import UndoSummary, undo

__all__ = [
    "DEFAULT_RULES",
    "JOURNAL_NAME",
    "Failure",
    "FolderError",
    "JournalContents",
    "JournalEntry",
    "JournalError",
    "Move",
    "NothingToUndoError",
    "OrganizeOptions",
    "OrganizerError",
    "Plan",
    "Rules",
    "RulesError",
    "Skipped",
    "Summary",
    "UndoSummary",
    "apply_plan",
    "load_rules",
    "move_file",
    "organize",
    "plan_moves",
    "read_journal",
    "undo",
]
