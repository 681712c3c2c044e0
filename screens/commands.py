"""The command palette (Ctrl+P): offers exactly the acts the current screen allows this
officer — its enabled bindings (``check_action`` already hides what the role may not do)."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

SKIP = {"command_palette", "help_quit"}


class ScreenCommands(Provider):
    def _commands(self) -> list[tuple[str, str, object, str]]:
        out, seen = [], set()
        for active in self.screen.active_bindings.values():
            binding = active.binding
            name = binding.action.split("(")[0]
            own = active.node is self.screen or active.node is self.app
            if (not own or not active.enabled or not binding.description
                    or binding.action in seen or name in SKIP):
                continue
            seen.add(binding.action)
            key = self.app.get_key_display(binding)
            out.append((f"{binding.description} ({key})", binding.tooltip,
                        partial(self.app.run_action, binding.action, active.node),
                        binding.description))
        return out

    async def discover(self) -> Hits:
        for text, help_text, command, _ in self._commands():
            yield DiscoveryHit(text, command, help=help_text or None)  # type: ignore[arg-type]

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for text, help_text, command, _ in self._commands():
            score = matcher.match(text)
            if score > 0:
                yield Hit(score, matcher.highlight(text), command,  # type: ignore[arg-type]
                          text=text, help=help_text or None)
