"""Netcat users and IRC users in the same rooms, each seeing the other in their own protocol."""

from __future__ import annotations

from day19_chat_server.tests.helpers import Clients


def test_netcat_and_irc_users_share_a_room(chat: Clients) -> None:
    ada = chat.line("ada")
    bob = chat.irc("bob")
    bob.join("#lobby")
    ada.expect(r"^\*\*\* bob joined #lobby$")
    bob.send("PRIVMSG #lobby :hello from IRC")
    assert ada.expect("from IRC") == "<bob> hello from IRC"
    ada.say("hello from netcat")
    assert bob.expect("from netcat") == ":ada!nc@127.0.0.1 PRIVMSG #lobby :hello from netcat"


def test_actions_translate_both_ways(chat: Clients) -> None:
    """/me becomes a CTCP ACTION for IRC clients, and an IRC ACTION reads `* nick ...`."""
    ada, bob = chat.line("ada"), chat.irc("bob")
    bob.join("#lobby")
    ada.send("/me waves")
    assert bob.expect("waves") == ":ada!nc@127.0.0.1 PRIVMSG #lobby :\x01ACTION waves\x01"
    bob.send("PRIVMSG #lobby :\x01ACTION bows\x01")
    assert ada.expect("bows") == "* bob bows"


def test_private_messages_cross_protocols(chat: Clients) -> None:
    ada, bob = chat.line("ada"), chat.irc("bob")
    ada.send("/msg bob hi there")
    assert bob.expect("hi there") == ":ada!nc@127.0.0.1 PRIVMSG bob :hi there"
    bob.send("PRIVMSG ada :hello back")
    assert ada.expect("hello back") == "*bob* hello back"
    bob.send("NOTICE ada :a notice")
    assert ada.expect("a notice") == "-bob- a notice"


def test_nicks_are_one_namespace(chat: Clients) -> None:
    chat.line("ada")
    bob = chat.irc()
    bob.send("NICK ADA")
    bob.expect_command("433", "ADA")
    cat = chat.line()
    cat.send("/nick bob")  # not the first line's /nick: cat is a guest first
    cat.send("/nick Ada")
    assert "taken" in cat.expect(r"^\*\*\* error:")


def test_netcat_users_see_irc_joins_parts_topics_and_quits(chat: Clients) -> None:
    ada, bob = chat.line("ada"), chat.irc("bob")
    bob.join("#lobby")
    ada.expect("bob joined")
    bob.send("TOPIC #lobby :\x02bold\x02 plans")
    assert ada.expect("topic") == "*** bob set the topic of #lobby to: bold plans"
    bob.send("NICK robert")
    ada.expect(r"^\*\*\* bob is now known as robert$")
    bob.send("PART #lobby :brb")
    ada.expect(r"^\*\*\* robert left #lobby \(brb\)$")
    bob.join("#lobby")
    bob.send("QUIT :bye all")
    ada.expect(r"^\*\*\* robert quit \(Quit: bye all\)$")


def test_irc_users_see_netcat_users_in_names_and_who(chat: Clients) -> None:
    chat.line("ada")
    bob = chat.irc("bob")
    bob.join("#lobby")
    bob.send("WHO ada")
    assert bob.expect_command("352", "*", "nc")[4] == "ada"
    bob.send("NAMES #lobby")
    assert bob.expect_command("353")[2].split() == ["ada", "bob"]
