"""Files through the twin, the way slack_sdk's files_upload_v2 sends them: a URL from
files.getUploadURLExternal, the bytes POSTed to it, then files.completeUploadExternal."""

from __future__ import annotations

import json

import aiohttp
import pytest
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from sandbox.slack_twin import SlackTwin

CSV = b"date,hours\n2027-01-04,1.5\n2027-01-17,2\n"


async def _post(url: object, data: bytes | aiohttp.FormData) -> tuple[int, str]:
    """POST to an upload URL the way slack_sdk does: no token, just the bytes."""
    async with aiohttp.ClientSession() as http, http.post(str(url), data=data) as answer:
        return answer.status, await answer.text()


async def _dm(client: AsyncWebClient, user_id: str) -> str:
    return str((await client.conversations_open(users=user_id))["channel"]["id"])


async def test_files_upload_v2_shares_the_file_into_the_dm(
    twin: SlackTwin, client: AsyncWebClient
) -> None:
    dm = await _dm(client, "U1")

    response = await client.files_upload_v2(
        channel=dm,
        content=CSV,
        filename="mentoring-hours-2027.csv",
        title="Your mentoring hours",
        initial_comment="Here are your mentoring hours for 2027.",
    )

    (shared,) = twin.files("U1")
    assert (shared.name, shared.title, shared.content) == (
        "mentoring-hours-2027.csv",
        "Your mentoring hours",
        CSV,
    )
    assert shared.comment == "Here are your mentoring hours for 2027."
    assert (shared.channel_id, shared.id) == (dm, response["file"]["id"])
    assert response["file"]["size"] == len(CSV) and response["file"]["mimetype"] == "text/csv"
    (message,) = twin.dms("U1")
    assert message["files"][0]["id"] == shared.id and message["user"] == twin.bot_user_id
    assert twin.transcript("U1")[-1] == (
        "[DM] Here are your mentoring hours for 2027.\n"
        '[file: mentoring-hours-2027.csv "Your mentoring hours"]'
    )
    assert twin.files("U2") == []
    # The three steps slack_sdk takes, in order; the upload itself carries no token.
    steps = [c.method for c in twin.calls()][-3:]
    assert steps == ["files.getUploadURLExternal", "upload", "files.completeUploadExternal"]
    assert twin.calls("files.getUploadURLExternal")[0].args["length"] == str(len(CSV))


async def test_the_upload_url_is_the_twins_own_and_single_use(
    twin: SlackTwin, client: AsyncWebClient
) -> None:
    issued = await client.files_getUploadURLExternal(filename="a.csv", length=3)
    assert str(issued["upload_url"]).startswith(f"{twin.base_url}upload/v1/")
    assert await _post(issued["upload_url"], b"a,b") == (200, "OK - 3")
    assert (await _post(f"{twin.base_url}upload/v1/not-a-ticket", b"x"))[0] == 404

    files = [{"id": issued["file_id"], "title": "A"}]
    await client.files_completeUploadExternal(files=files, channel_id=await _dm(client, "U1"))
    # Slack: completeUploadExternal can be called once; the URL is spent with it.
    with pytest.raises(SlackApiError) as again:
        await client.files_completeUploadExternal(files=files, channel_id=twin.dm_channel_id("U1"))
    assert again.value.response["error"] == "file_not_found"
    assert (await _post(issued["upload_url"], b"zzz"))[0] == 404
    assert [f.content for f in twin.files("U1")] == [b"a,b"]


async def test_multipart_uploads_are_read_too(twin: SlackTwin, client: AsyncWebClient) -> None:
    issued = await client.files_getUploadURLExternal(filename="notes.txt", length=5)
    form = aiohttp.FormData()
    form.add_field("filename", b"hello", filename="notes.txt")
    assert (await _post(issued["upload_url"], form))[0] == 200
    await client.files_completeUploadExternal(
        files=[{"id": issued["file_id"]}], channel_id=await _dm(client, "U1")
    )
    (shared,) = twin.files("U1")
    assert (shared.content, shared.title, shared.comment) == (b"hello", "notes.txt", "")


@pytest.mark.parametrize(
    ("args", "error"),
    [
        ({"length": 3}, "invalid_arguments"),  # no filename
        ({"filename": "a.csv"}, "invalid_arguments"),  # no length
        ({"filename": "a.csv", "length": "three"}, "invalid_arguments"),
        ({"filename": "a.csv", "length": 0}, "missing_argument"),  # Slack's answer to 0 bytes
        ({"filename": "a.csv", "length": 3, "alt_txt": "x" * 1001}, "alt_txt_too_large"),
    ],
)
async def test_get_upload_url_validates_like_slack(
    client: AsyncWebClient, args: dict[str, object], error: str
) -> None:
    with pytest.raises(SlackApiError) as raised:
        await client.api_call("files.getUploadURLExternal", params=args)
    assert raised.value.response["error"] == error


async def test_completing_a_file_never_uploaded_or_unknown_fails(
    twin: SlackTwin, client: AsyncWebClient
) -> None:
    dm = await _dm(client, "U1")
    issued = await client.files_getUploadURLExternal(filename="a.csv", length=3)
    for file_id in (issued["file_id"], "F0NOPE"):  # no bytes yet; no such file
        with pytest.raises(SlackApiError) as raised:
            await client.files_completeUploadExternal(files=[{"id": file_id}], channel_id=dm)
        assert raised.value.response["error"] == "file_not_found"
    with pytest.raises(SlackApiError) as raised:
        await client.api_call("files.completeUploadExternal", params={"files": "[{}]"})
    assert raised.value.response["error"] == "invalid_arguments"
    assert twin.files("U1") == [] and twin.dms("U1") == []


async def test_sharing_where_the_bot_cannot_post_fails_and_keeps_the_upload(
    twin: SlackTwin, client: AsyncWebClient
) -> None:
    twin.add_channel("C9", "random", members=("U1",))  # public, but the bot is not in it
    twin.add_channel("C8", "secret", members=("U1",), is_private=True)
    cases = {"C9": "not_in_channel", "C8": "channel_not_found", "U1": "channel_not_found"}
    for channel, error in cases.items():
        with pytest.raises(SlackApiError) as raised:
            await client.files_upload_v2(channel=channel, content=CSV, filename="h.csv")
        assert raised.value.response["error"] == error, channel
    assert twin.channel_messages("C9") == [] and twin.files("U1") == []

    # A refused share finishes nothing: the same upload can still go to the right place.
    issued = await client.files_getUploadURLExternal(filename="h.csv", length=len(CSV))
    assert (await _post(issued["upload_url"], CSV))[0] == 200
    files = [{"id": issued["file_id"], "title": "Hours"}]
    with pytest.raises(SlackApiError):
        await client.files_completeUploadExternal(files=files, channel_id="C9")
    await client.files_completeUploadExternal(files=files, channel_id="C1")
    (message,) = twin.channel_messages("C1")
    assert [f["title"] for f in message["files"]] == ["Hours"]


async def test_channels_may_name_a_person_meaning_the_bots_dm(
    twin: SlackTwin, client: AsyncWebClient
) -> None:
    await client.files_upload_v2(channels=["U2"], content=b"x", filename="x.txt", title="X")
    assert [(f.name, f.channel_id) for f in twin.files("U2")] == [
        ("x.txt", twin.dm_channel_id("U2"))
    ]


async def test_file_methods_answer_429_with_retry_after(
    twin: SlackTwin, client: AsyncWebClient
) -> None:
    twin.inject_429("files.getUploadURLExternal", times=1, retry_after=4)
    with pytest.raises(SlackApiError) as raised:
        await client.files_upload_v2(channel=await _dm(client, "U1"), content=CSV, filename="h.csv")
    assert raised.value.response.status_code == 429
    assert raised.value.response.headers["Retry-After"] == "4"
    twin.set_rate_limit("files.completeUploadExternal", per_minute=1)
    await client.files_upload_v2(channel=twin.dm_channel_id("U1"), content=CSV, filename="h.csv")
    with pytest.raises(SlackApiError) as limited:
        await client.files_upload_v2(
            channel=twin.dm_channel_id("U1"), content=CSV, filename="h.csv"
        )
    assert limited.value.response["error"] == "ratelimited"
    assert len(twin.files("U1")) == 1


async def test_completion_answers_with_file_objects_not_where_they_were_shared(
    client: AsyncWebClient,
) -> None:
    # Slack shares asynchronously, so callers must not expect a message ts in the answer.
    response = await client.files_upload_v2(
        channel=await _dm(client, "U1"), content=CSV, filename="h.csv", title="Hours"
    )
    (described,) = response["files"]
    assert (described["name"], described["title"], described["shares"]) == ("h.csv", "Hours", {})
    assert json.dumps(described)  # plain JSON, as Slack sends
