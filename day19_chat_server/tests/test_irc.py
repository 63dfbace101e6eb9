"""IRC on the same port: registration and the commands a real client uses, as a client sees them."""

from __future__ import annotations

import pytest

from day19_chat_server.tests.helpers import Clients, running_server, split_irc


def test_registration_follows_the_rfc(chat: Clients) -> None:
    """CAP LS is answered, then NICK/USER/CAP END earn 001-005 and 422 (no MOTD)."""
    bob = chat.irc()
    bob.send("CAP LS 302")
    bob.send("NICK bob")
    bob.send("USER bobby 0 * :Bob Builder")
    assert split_irc(bob.expect(r" CAP "))[1:] == ("CAP", ["*", "LS", ""]), "no capabilities"
    assert not [line for line in bob.quiet(0.2) if " 001 " in line], "CAP LS holds registration"
    bob.send("CAP END")
    welcome = bob.expect_command("001", timeout=2)
    assert welcome[-1].endswith("bob!~bobby@127.0.0.1"), "001 names the full nick!user@host"
    for numeric in ("002", "003", "004"):
        bob.expect_command(numeric)
    isupport = bob.expect_command("005")
    assert "CASEMAPPING=ascii" in isupport and "CHANTYPES=#" in isupport
    assert isupport[-1] == "are supported by this server"
    bob.expect_command("422")


def test_registration_without_cap_and_with_a_motd() -> None:
    """An old client that sends only NICK and USER gets the MOTD as 375, 372..., 376."""
    with (
        running_server(motd=("Be kind.", "Sockets rule.")) as server,
        Clients(server.address) as chat,
    ):
        old = chat.irc()
        old.send("USER old 0 * :Old Timer")  # USER first is allowed too
        old.send("NICK old")
        old.expect_command("001")
        old.expect_command("375")
        assert old.expect_command("372") == ["- Be kind."]
        assert old.expect_command("372") == ["- Sockets rule."]
        old.expect_command("376")


def test_user_with_an_empty_realname_gets_461(chat: Clients) -> None:
    client = chat.irc()
    client.send("NICK empty")
    client.send("USER empty 0 * :")
    client.expect_command("461", "USER")


def test_commands_before_registration_get_451(chat: Clients) -> None:
    early = chat.irc()
    early.send("NICK early")
    early.send("JOIN #lobby")
    early.expect_command("451")


def test_nick_in_use_gets_433_and_a_second_try_works(chat: Clients) -> None:
    chat.irc("bob")
    twin = chat.irc()
    twin.send("NICK Bob")
    twin.send("USER twin 0 * :Twin")
    assert twin.expect_command("433") == ["Bob", "Nickname is already in use"]
    twin.send("NICK bob2")
    twin.expect_command("001")


@pytest.mark.parametrize(
    ("line", "numeric"),
    [
        pytest.param("NICK", "431", id="no-nick-431"),
        pytest.param("NICK 1abc", "432", id="digit-first-432"),
        pytest.param("NICK a*b", "432", id="asterisk-432"),
    ],
)
def test_bad_nicks_get_their_error_numeric(chat: Clients, line: str, numeric: str) -> None:
    client = chat.irc()
    client.send(line)
    client.expect_command(numeric)


def test_join_echoes_and_sends_names(chat: Clients) -> None:
    """JOIN: the JOIN line back, then 353 with everyone in the room, then 366."""
    ada, bob = chat.irc("ada"), chat.irc("bob")
    ada.join("#rust")
    bob.send("JOIN #rust")
    assert split_irc(bob.expect(r" JOIN "))[:2] == ("bob!~bob@127.0.0.1", "JOIN")
    names = bob.expect_command("353")
    assert names[:2] == ["=", "#rust"] and names[2].split() == ["ada", "bob"]
    bob.expect_command("366", "#rust")
    assert split_irc(ada.expect(r" JOIN "))[0] == "bob!~bob@127.0.0.1", "members see the JOIN"


def test_privmsg_to_a_room_and_to_a_nick(chat: Clients) -> None:
    ada, bob, cat = chat.irc("ada"), chat.irc("bob"), chat.irc("cat")
    for client in (ada, bob):
        client.join("#rust")
    ada.send("PRIVMSG #rust :hello, room")
    assert bob.expect("hello") == ":ada!~ada@127.0.0.1 PRIVMSG #rust :hello, room"
    ada.send("PRIVMSG cat :just you")
    assert cat.expect("just you") == ":ada!~ada@127.0.0.1 PRIVMSG cat :just you"
    ada.send("NOTICE #rust :a notice")
    assert bob.expect("a notice") == ":ada!~ada@127.0.0.1 NOTICE #rust :a notice"
    assert not [line for line in ada.quiet(0.2) if "PRIVMSG" in line], "no echo to the sender"


@pytest.mark.parametrize(
    ("line", "numeric", "params"),
    [
        pytest.param("PRIVMSG nobody :hi", "401", ["nobody"], id="unknown-nick-401"),
        pytest.param("PRIVMSG #nowhere :hi", "403", ["#nowhere"], id="unknown-room-403"),
        pytest.param("PRIVMSG #other :hi", "404", ["#other"], id="not-a-member-404"),
        pytest.param("PRIVMSG", "411", [], id="no-recipient-411"),
        pytest.param("PRIVMSG #other", "412", [], id="no-text-412"),
        pytest.param("FROBNICATE x", "421", ["FROBNICATE"], id="unknown-command-421"),
        pytest.param("USER again 0 * :x", "462", [], id="reregister-462"),
        pytest.param("PART #other", "442", ["#other"], id="part-not-member-442"),
        pytest.param("PART #nowhere", "403", ["#nowhere"], id="part-unknown-room-403"),
        pytest.param("JOIN bad,name", "403", ["bad"], id="bad-room-name-403"),
        pytest.param("TOPIC", "461", ["TOPIC"], id="missing-parameter-461"),
        pytest.param("MODE #other +o ada", "482", ["#other"], id="mode-change-482"),
        pytest.param("MODE ada +x", "501", [], id="unknown-user-mode-501"),
        pytest.param("MODE other +i", "502", [], id="other-user-mode-502"),
        pytest.param("CAP FOO", "410", ["FOO"], id="bad-cap-410"),
        pytest.param("PING", "461", ["PING"], id="ping-without-token-461"),
    ],
)
def test_mistakes_get_standard_error_numerics(
    chat: Clients, line: str, numeric: str, params: list[str]
) -> None:
    chat.irc("other").join("#other")
    ada = chat.irc("ada")
    ada.send(line)
    ada.expect_command(numeric, *params)


def test_notice_never_gets_an_error_back(chat: Clients) -> None:
    """A NOTICE to nobody is silent (so bots never answer each other forever)."""
    ada = chat.irc("ada")
    ada.send("NOTICE nobody :hi")
    ada.send("NOTICE #nowhere :hi")
    ada.send("PING :done")
    assert ada.expect(r"PONG") == ":day19.chat PONG day19.chat :done"
    assert ada.seen[-1].endswith(":done") and "401" not in " ".join(ada.seen[-3:])


def test_part_and_quit_are_seen_by_the_room(chat: Clients) -> None:
    ada, bob = chat.irc("ada"), chat.irc("bob")
    for client in (ada, bob):
        client.join("#rust")
    ada.send("PART #rust :later")
    assert bob.expect(" PART ") == ":ada!~ada@127.0.0.1 PART #rust :later"
    ada.expect(" PART ")
    ada.join("#rust")
    ada.send("QUIT :gone fishing")
    assert ada.expect("^ERROR").startswith("ERROR :Closing Link"), "QUIT is answered by ERROR"
    ada.expect_closed()
    assert bob.expect(" QUIT ") == ":ada!~ada@127.0.0.1 QUIT :Quit: gone fishing"


def test_nick_change_is_seen_by_the_client_and_its_rooms(chat: Clients) -> None:
    ada, bob = chat.irc("ada"), chat.irc("bob")
    for client in (ada, bob):
        client.join("#rust")
    ada.send("NICK ada_")
    assert ada.expect(" NICK ") == ":ada!~ada@127.0.0.1 NICK :ada_"
    assert bob.expect(" NICK ") == ":ada!~ada@127.0.0.1 NICK :ada_"
    ada.send("PRIVMSG #rust :renamed")
    assert bob.expect("renamed").startswith(":ada_!~ada@127.0.0.1 PRIVMSG")


def test_topic_names_list_who_and_whois(chat: Clients) -> None:
    ada, bob = chat.irc("ada"), chat.irc("bob")
    for client in (ada, bob):
        client.join("#rust")
    ada.send("TOPIC #rust")
    ada.expect_command("331", "#rust")
    ada.send("TOPIC #rust :Fearless concurrency")
    assert bob.expect(" TOPIC ") == ":ada!~ada@127.0.0.1 TOPIC #rust :Fearless concurrency"
    bob.send("TOPIC #rust")
    assert bob.expect_command("332", "#rust") == ["#rust", "Fearless concurrency"]
    bob.expect_command("333", "#rust", "ada!~ada@127.0.0.1")
    bob.send("NAMES #rust")
    assert bob.expect_command("353", "=", "#rust")[2].split() == ["ada", "bob"]
    bob.send("LIST")
    bob.expect_command("321")
    assert bob.expect_command("322", "#rust") == ["#rust", "2", "Fearless concurrency"]
    bob.expect_command("323")
    bob.send("WHO #rust")
    who = bob.expect_command("352", "#rust", "~ada")
    assert who[2:] == ["127.0.0.1", "day19.chat", "ada", "H", "0 Test"]
    bob.expect_command("352", "#rust", "~bob")
    bob.expect_command("315", "#rust")
    bob.send("WHOIS ada")
    assert bob.expect_command("311", "ada") == ["ada", "~ada", "127.0.0.1", "*", "Test"]
    assert bob.expect_command("319", "ada") == ["ada", "#rust"]
    bob.expect_command("318", "ada")
    bob.send("WHOIS ghost")
    bob.expect_command("401", "ghost")
    bob.expect_command("318", "ghost")


def test_mode_queries_get_answers(chat: Clients) -> None:
    """What clients send right after joining: MODE #room, MODE #room b, MODE nick +i."""
    ada = chat.irc("ada")
    ada.join("#rust")
    ada.send("MODE #rust")
    ada.expect_command("324", "#rust", "+n")
    ada.send("MODE #rust b")
    ada.expect_command("368", "#rust")
    ada.send("MODE ada +i")
    assert ada.expect(" MODE ") == ":ada MODE ada :+i"
    ada.send("MODE ada")
    ada.expect_command("221", "+i")


def test_ping_gets_pong_with_the_token(chat: Clients) -> None:
    ada = chat.irc()
    ada.send("NICK ada")
    ada.send("PING 12345")  # before registration too: some clients measure lag that early
    assert split_irc(ada.expect(" PONG "))[2] == ["day19.chat", "12345"]


def test_names_of_a_big_room_fit_in_512_byte_lines(chat: Clients) -> None:
    crowd = [chat.line(f"user{n:03d}_abcdefg") for n in range(60)]
    ada = chat.irc("ada")
    ada.send("JOIN #lobby")
    names: list[str] = []
    while True:
        line = ada.expect(r" (353|366) ")
        if " 366 " in line:
            break
        assert len(line.encode()) + 2 <= 512, "a NAMES line must fit in 512 bytes"
        names += split_irc(line)[2][-1].split()
    assert len(names) == len(crowd) + 1, "every member is named exactly once"


def test_irc_only_mode_refuses_the_line_protocol() -> None:
    """With --irc (irc_only), a plain first line is an IRC command like any other."""
    with running_server(irc_only=True) as server, Clients(server.address) as chat:
        plain = chat.raw()
        plain.send_raw(b"hello there\r\n")
        plain.expect(r" 451 \* :You have not registered")


def test_cap_req_is_refused_and_cap_list_is_empty(chat: Clients) -> None:
    bob = chat.irc()
    bob.send("CAP LS 302")
    bob.send("CAP REQ :multi-prefix sasl")
    assert bob.expect_command("CAP", "*", "NAK") == ["*", "NAK", "multi-prefix sasl"]
    bob.send("PASS secret")  # no passwords here: accepted and ignored
    bob.send("NICK bob")
    bob.send("USER bob 0 * :Bob")
    bob.send("CAP END")
    bob.expect_command("001")
    bob.send("CAP LIST")
    assert bob.expect_command("CAP", "bob", "LIST") == ["bob", "LIST", ""]
    bob.send("PASS again")
    bob.expect_command("462")


def test_join_zero_leaves_every_room(chat: Clients) -> None:
    ada, bob = chat.irc("ada"), chat.irc("bob")
    for room in ("#a", "#b"):
        ada.join(room)
        bob.join(room)
    ada.send("JOIN 0")
    parted = {split_irc(bob.expect(" PART "))[2][0] for _ in range(2)}
    assert parted == {"#a", "#b"}


def test_names_and_list_take_room_lists(chat: Clients) -> None:
    ada = chat.irc("ada")
    ada.join("#a")
    ada.join("#b")
    ada.send("NAMES")
    ada.expect_command("366", "*")
    ada.send("NAMES #nowhere")
    ada.expect_command("366", "#nowhere")
    ada.send("LIST #b")
    ada.expect_command("321")
    assert split_irc(ada.expect(r" 32[23] "))[1] == "322", "LIST #b lists #b"
    assert ada.seen[-1].split()[3] == "#b"
    ada.expect_command("323")
    ada.send("MOTD")
    ada.expect_command("422")
