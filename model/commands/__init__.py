"""``pip cache dir|info|list|remove|purge``: the page's section 'Cache management'.

Page: "The pip cache command can be used to manage pip’s cache."

Pure parts: :mod:`.patterns` (which wheel file names a pattern selects), :mod:`.sizes` (how a
byte count is printed), :mod:`.render` (the text of each answer), :mod:`.messages` (what a run
says, at which level). Thin I/O: :mod:`.walk` (a streaming directory walk) and :mod:`.actions`
(the five subcommands over a real tree).
"""

from model.commands.actions import ACTIONS, CommandError, run_action
from model.commands.messages import Level, Message, Outcome

__all__ = ["ACTIONS", "CommandError", "Level", "Message", "Outcome", "run_action"]
