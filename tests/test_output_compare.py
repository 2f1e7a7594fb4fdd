"""Output comparison for clean re-runs: what is normalised away, and what still counts as a difference."""

import base64
import struct
import zlib

import pytest

from jupyterlab_promote.engine.sharing.output_compare import MAX_DIFF_LINES, compare, describe, image_size, normalise


def png(width: int, height: int, shade: int = 0) -> str:
    """A real PNG of this size (grey level `shade`), base64 as notebooks store it."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + bytes([shade]) * width for _ in range(height))
    raw = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
           + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))
    return base64.b64encode(raw).decode()


def stdout(text: str) -> list[dict]:
    return [{"output_type": "stream", "name": "stdout", "text": text}]


def image(data: str) -> list[dict]:
    return [{"output_type": "display_data", "data": {"image/png": data, "text/plain": "<Figure>"}, "metadata": {}}]


@pytest.mark.parametrize(
    ("stored", "rerun"),
    [
        ("<object object at 0x7f3a2b1c4d50>", "<object object at 0x7f99aa001122>"),
        ("started 2024-05-01 12:30:01.123456", "started 2025-11-24 03:44:55.000001"),
        ("now: 2024-05-01T12:30:01+00:00", "now: 2025-01-01T00:00:00Z"),
        ("1718000000.123456", "1764000000.987"),
        ("140234567890123", "139876543210987"),
        ("Wall time: 1.23 s", "Wall time: 845 ms"),
        ("CPU times: user 1.2 s, sys: 3 ms, total: 1.2 s", "CPU times: user 2 s, sys: 0 ns, total: 2 s"),
        ("done in 1.23 s", "done in 0.98 s"),
        ("12.3 ms ± 1.1 ms per loop (mean ± std. dev. of 7 runs, 100 loops each)",
         "9.8 ms ± 0.3 ms per loop (mean ± std. dev. of 7 runs, 100 loops each)"),
        ("100%|██████████| 50/50 [00:01<00:00, 31.2it/s]", "100%|██████████| 50/50 [00:02<00:00, 22.0it/s]"),
        ("saved to /tmp/tmpa1b2c3d4/model.pkl", "saved to /tmp/tmpzz99yy88/model.pkl"),
        ("run 123e4567-e89b-12d3-a456-426614174000", "run 00000000-1111-2222-3333-444444444444"),
    ],
)
def test_volatile_parts_are_normalised(stored, rerun):
    assert normalise(stored) == normalise(rerun)
    assert compare(stdout(stored + "\n"), stdout(rerun + "\n")) is None


def test_a_progress_bar_redrawn_with_carriage_returns_compares_by_its_last_state():
    redrawn = "epoch 1\n 10%|█         |\r100%|██████████| 10/10\nloss 0.25\n"
    assert compare(stdout("epoch 1\n100%|██████████| 10/10 [00:00]\nloss 0.25\n"), stdout(redrawn)) is None


@pytest.mark.parametrize(("stored", "rerun"), [("accuracy 0.91", "accuracy 0.87"), ("[]", "[1]"), ("3 rows", "4 rows")])
def test_real_differences_remain(stored, rerun):
    diff = compare(stdout(stored), stdout(rerun))
    assert diff is not None
    assert f"-{stored}" in diff and f"+{rerun}" in diff


def test_rich_outputs_compare_by_plain_text_and_streams_by_name():
    result = [{"output_type": "execute_result", "data": {"text/plain": "42", "text/html": "<b>42</b>"}, "metadata": {}}]
    other_html = [{"output_type": "execute_result", "data": {"text/plain": "42", "text/html": "<i>42</i>"}, "metadata": {}}]
    assert compare(result, other_html) is None
    assert compare(stdout("x\n"), [{"output_type": "stream", "name": "stderr", "text": "x\n"}]) is not None


def test_images_compare_by_presence_and_size_not_bytes():
    assert image_size("image/png", png(4, 3), {}) == (4, 3)
    assert compare(image(png(4, 3, shade=0)), image(png(4, 3, shade=255))) is None
    assert "4x3" in compare(image(png(4, 3)), image(png(8, 3)))
    assert compare(image(png(4, 3)), []) is not None


def test_image_size_prefers_metadata():
    assert image_size("image/jpeg", "AAAA", {"image/jpeg": {"width": 640, "height": 480}}) == (640, 480)
    assert image_size("image/jpeg", "AAAA", {}) is None


def test_errors_are_described_by_name_and_normalised_value():
    error = {"output_type": "error", "ename": "KeyError", "evalue": "'x' at 0x7f0000001234", "traceback": []}
    assert describe([error]) == ["[error] KeyError: 'x' at 0x<address>"]


def test_the_diff_is_capped():
    diff = compare(stdout("\n".join(map(str, range(200)))), stdout("\n".join(str(i * 7) for i in range(200))))
    assert diff.count("\n") <= MAX_DIFF_LINES + 1
    assert "more diff lines" in diff
