"""The netcat line protocol: plain lines to your room, slash commands for the rest."""

from __future__ import annotations

import pytest

from day19_chat_server.tests.helpers import Clients


def test_two_netcat_users_chat_in_the_lobby(chat: Clients) -> None:
    ada, bob = chat.line("ada"), chat.line("bob")
    ada.expect(r"^\*\*\* bob joined #lobby$")
    ada.say("hello bob")
    assert bob.expect("hello") == "<ada> hello bob", "room messages read <nick> text"
    bob.say("hi ada, how are you?")
    assert ada.expect("how are") == "<bob> hi ada, how are you?"
    assert "hello bob" not in " ".join(ada.quiet(0.1)), "a sender does not get its own echo"


def test_first_line_makes_you_a_guest_in_the_lobby(chat: Clients) -> None:
    """A new netcat user is online as guestN in #lobby after their first line."""
    ada = chat.line()
    ada.send("/who")
    line = ada.expect(r"^\*\*\* in #lobby")
    assert "guest" in line, "the first line puts a netcat user online with a guest nick"


def test_join_moves_you_to_another_room(chat: Clients) -> None:
    ada, bob, cat = (chat.line(n) for n in ("ada", "bob", "cat"))
    ada.send("/join #rust")
    ada.expect(r"you are alone in #rust")
    bob.expect(r"^\*\*\* ada left #lobby")
    bob.send("/join rust")  # the # is optional
    ada.expect(r"^\*\*\* bob joined #rust$")
    ada.say("only rustaceans here")
    assert bob.expect("rustaceans") == "<ada> only rustaceans here"
    assert not any("rustaceans" in line for line in cat.quiet(0.2)), "#lobby must not hear #rust"


def test_part_leaves_you_in_no_room(chat: Clients) -> None:
    ada, bob = chat.line("ada"), chat.line("bob")
    ada.send("/part see you")
    ada.expect(r"you left #lobby")
    bob.expect(r"^\*\*\* ada left #lobby \(see you\)$")
    ada.say("anyone?")
    ada.expect(r"^\*\*\* error: you are in no room")
    ada.send("/part")
    ada.expect(r"^\*\*\* error: you are in no room")


def test_private_message_reaches_only_its_recipient(chat: Clients) -> None:
    ada, bob, cat = (chat.line(n) for n in ("ada", "bob", "cat"))
    ada.send("/msg BOB psst, a secret")  # nicks compare case-insensitively
    assert bob.expect("secret") == "*ada* psst, a secret", "private messages read *nick* text"
    assert not any("secret" in line for line in cat.quiet(0.2)), "nobody else sees it"
    ada.send("/msg nobody hello")
    assert "nobody" in ada.expect(r"^\*\*\* error:"), "an unknown nick is an error naming it"
    ada.send("/msg bob")
    ada.expect(r"usage: /msg NICK text")


def test_me_is_an_action(chat: Clients) -> None:
    ada, bob = chat.line("ada"), chat.line("bob")
    ada.send("/me waves")
    assert bob.expect("waves") == "* ada waves"


def test_nick_collision_is_refused_and_the_old_nick_kept(chat: Clients) -> None:
    ada, bob = chat.line("ada"), chat.line("bob")
    bob.send("/nick ADA")
    line = bob.expect(r"^\*\*\* error:")
    assert "taken" in line and "ADA" in line, f"the error should say the nick is taken: {line}"
    bob.say("still bob")
    assert ada.expect("still") == "<bob> still bob", "a refused rename keeps the old nick"


def test_rename_is_announced_to_the_room(chat: Clients) -> None:
    ada, bob = chat.line("ada"), chat.line("bob")
    bob.send("/nick robert")
    bob.expect(r"you are now known as robert")
    ada.expect(r"^\*\*\* bob is now known as robert$")


def test_invalid_nick_is_refused_with_the_rules(chat: Clients) -> None:
    ada = chat.line("ada")
    for bad in ("9lives", "has space", "x" * 17, "semi;colon"):
        ada.send(f"/nick {bad}")
        assert "not allowed" in ada.expect(r"^\*\*\* error:"), f"{bad!r} breaks the nick rules"


def test_who_and_rooms_list_people_and_rooms(chat: Clients) -> None:
    ada, bob = chat.line("ada"), chat.line("bob")
    bob.send("/join #go")
    ada.expect("bob left")
    ada.send("/who")
    assert ada.expect(r"^\*\*\* in #lobby") == "*** in #lobby (1): ada"
    ada.send("/rooms")
    rooms = {ada.expect(r"^\*\*\* #lobby"), ada.expect(r"^\*\*\* #go")}
    assert rooms == {"*** #lobby (1)", "*** #go (1)"}


def test_topic_is_shown_and_set(chat: Clients) -> None:
    ada, bob = chat.line("ada"), chat.line("bob")
    ada.send("/topic")
    ada.expect(r"topic of #lobby: \(none\)")
    ada.send("/topic sockets all day")
    bob.expect(r"^\*\*\* ada set the topic of #lobby to: sockets all day$")
    cat = chat.line("cat")
    cat.expect(r"topic: sockets all day")


def test_help_lists_every_command(chat: Clients) -> None:
    ada = chat.line("ada")
    ada.send("/help")
    ada.expect("commands")
    text = "\n".join(ada.quiet(0.2))
    for command in ("/nick", "/join", "/part", "/msg", "/me", "/who", "/rooms", "/quit"):
        assert command in text, f"/help should mention {command}"


def test_unknown_command_is_an_error_not_a_message(chat: Clients) -> None:
    ada, bob = chat.line("ada"), chat.line("bob")
    ada.send("/dance")
    assert "/dance" in ada.expect(r"^\*\*\* error:"), "the error names the unknown command"
    ada.send("//dance is not a command")
    assert bob.expect("dance") == "<ada> /dance is not a command", "// sends a literal /"


def test_quit_says_bye_and_tells_the_room(chat: Clients) -> None:
    ada, bob = chat.line("ada"), chat.line("bob")
    ada.send("/quit gotta go")
    assert any("bye" in line for line in ada.expect_closed()), "quit says bye, then closes"
    bob.expect(r"^\*\*\* ada quit \(Quit: gotta go\)$")


def test_invalid_utf8_is_replaced_never_a_crash(chat: Clients) -> None:
    ada, bob = chat.line("ada"), chat.line("bob")
    ada.send_raw(b"caf\xc3\xa9 \xff\xfe ok\n")
    assert bob.expect("caf") == "<ada> café \ufffd\ufffd ok", "bad bytes become U+FFFD"
    ada.say("still here")
    bob.expect("still here")


def test_control_characters_cannot_reach_a_terminal(chat: Clients) -> None:
    ada, bob = chat.line("ada"), chat.line("bob")
    ada.send_raw(b"\x1b[2Jgotcha \x02bold\x02\n")
    line = bob.expect("gotcha")
    assert "\x1b" not in line and "\x02" not in line, f"escapes must not be relayed: {line!r}"


@pytest.mark.parametrize(
    ("line", "error"),
    [
        pytest.param("/nick", "usage: /nick NAME", id="nick-without-name"),
        pytest.param("/join", "usage: /join #room", id="join-without-room"),
        pytest.param("/join #bad,name", "no room '#bad,name'", id="join-bad-name"),
        pytest.param("/me", "usage: /me", id="me-without-action"),
    ],
)
def test_commands_without_what_they_need_say_how_to_use_them(
    chat: Clients, line: str, error: str
) -> None:
    ada = chat.line("ada")
    ada.send(line)
    assert error in ada.expect(r"^\*\*\* error:")
    ada.send("/who")
    assert ada.expect(r"^\*\*\* in ") == "*** in #lobby (1): ada", "a mistake keeps your room"


def test_outside_any_room_room_commands_explain_why(chat: Clients) -> None:
    ada = chat.line("ada")
    ada.send("/part")
    ada.expect("you left #lobby")
    for command in ("/me waves", "/topic"):
        ada.send(command)
        assert "no room" in ada.expect(r"^\*\*\* error:")
    ada.send("/who")
    assert ada.expect("no room") == "*** you are in no room; 1 people are online"
    ada.send("/rooms")
    ada.expect("no rooms yet")
    ada.send("/join #lobby")
    ada.send("/join #lobby")
    ada.expect("you are already in #lobby")
