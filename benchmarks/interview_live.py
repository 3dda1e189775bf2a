"""The live interview page under load: ``python benchmarks/interview_live.py [--viewers 500]``.

Runs the production set-up on this machine — gunicorn (``GONGKAI_ENV=production``), PostgreSQL
and Redis — and measures whether answers reach every viewer of a live interview within 3 s:

1. creates the database ``--db`` (default ``gk_d_bench``; dropped first if it exists, dropped
   again at the end unless ``--keep``) on ``--pg`` and migrates it; empties the Redis database
   ``--redis`` (default ``redis://127.0.0.1:6379/13``, used by nothing else), collects the
   static files into a temporary directory;
2. builds a live interview through the services: a bureau, its staff, two guests, 30 questions
   answered and 40 approved and waiting (so the page and a viewer's first poll are the size of
   a busy interview);
3. starts gunicorn with ``--workers`` × ``--threads`` (gthread workers, keep-alive);
4. opens ``--viewers`` simulated browsers (asyncio, one keep-alive HTTP/1.1 connection each,
   started over the first ``--ramp`` seconds): each loads the page, reads its version and poll
   interval from it, then polls ``/poll/?since=<version>`` exactly as ``live.js`` does — the
   first poll after at most 2 s with ``hello=1``, then ``interval`` ms after each answer;
5. meanwhile a second thread plays the interview: every ``--ask-every`` seconds a question
   comes in (pending), and every ``--answer-every`` seconds one is approved and another
   answered; the moment each answer's transaction commits is recorded;
6. for every viewer and every answer, the delay from the commit to the first poll answer that
   shows it in the stream; after the last answer the viewers keep polling ``--grace`` seconds.

Prints p50/p95/max of those delays, how many arrived within 3 s and how many never, the poll
latency, requests per second, errors, and the CPU used by gunicorn, by this load generator and
by the whole machine. The load generator shares the two cores with the server, so the figures
are on the safe side. Not part of the test run.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import platform
import random
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
TARGET_S = 3.0


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


# --- environment --------------------------------------------------------------------------


def environment(args, var_dir: Path) -> dict[str, str]:
    return {
        **os.environ,
        "GONGKAI_ENV": "production",
        "SECRET_KEY": secrets.token_urlsafe(48),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_COOKIES": "0",
        "DATABASE_URL": f"{args.pg.rstrip('/')}/{args.db}",
        "REDIS_URL": args.redis,
        "GONGKAI_VAR_DIR": str(var_dir),
        "DJANGO_SETTINGS_MODULE": "gongkai.settings",
        "LOG_LEVEL": "ERROR",
    }


def recreate_database(args) -> None:
    import psycopg

    with psycopg.connect(f"{args.pg.rstrip('/')}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{args.db}"')
        conn.execute(f'CREATE DATABASE "{args.db}"')


def drop_database(args) -> None:
    import psycopg

    with psycopg.connect(f"{args.pg.rstrip('/')}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{args.db}" WITH (FORCE)')


def empty_redis(url: str) -> None:
    import redis

    redis.Redis.from_url(url).flushdb()


# --- the interview ------------------------------------------------------------------------


@dataclass
class World:
    interview_id: int
    guest_ids: list[int]
    moderator: object
    leader: object
    waiting: list[int]  # approved question ids without an answer


def build_world() -> World:
    from django.utils import timezone

    from gongkai.accounts.models import Role, RoleAssignment, User
    from gongkai.agencies.credit_code import generate_credit_code
    from gongkai.agencies.models import Agency, AgencyKind, Leader
    from gongkai.interviews import services

    agency = Agency.objects.create(
        name="蓝湾县教育局",
        short_name="县教育局",
        credit_code=generate_credit_code(division="339921", serial=90_001),
        kind=AgencyKind.DEPARTMENT,
    )

    def person(username, role):
        user = User.objects.create(username=username, full_name=username)
        RoleAssignment.objects.create(user=user, agency=agency, role=role)
        return user

    officer = person("bench_officer", Role.OFFICER)
    reviewer = person("bench_reviewer", Role.REVIEWER)
    leader_user = person("bench_leader", Role.LEADER)
    director = Leader.objects.create(agency=agency, name="林晓明", title="局长")
    now = timezone.now()
    interview = services.interview_create(
        actor=officer,
        agency=agency,
        topic="义务教育招生政策在线访谈（压力测试）",
        summary="局长在线解答家长关心的招生入学问题。",
        host="主持人小周",
        scheduled_start=now,
        scheduled_end=now + dt.timedelta(hours=2),
        guests=[
            services.GuestData(leader=director),
            services.GuestData(name="陈立华", post="基础教育科科长"),
        ],
    )
    services.interview_announce(actor=officer, interview=interview)
    services.interview_start(actor=officer, interview=interview)
    guests = list(interview.guests.all())
    waiting = []
    for i in range(70):
        question = services.question_submit(
            interview=interview,
            text=f"第{i + 1}个问题：今年第{i % 9 + 1}学区的招生范围和报名时间有没有变化？",
            nickname=random.choice(["", "一位家长", "热心市民", "湖畔居民"]),
        )
        services.question_approve(actor=reviewer, question=question)
        if i < 30:
            services.question_answer(
                actor=leader_user,
                question=question,
                guest=guests[i % 2],
                text="招生范围与去年基本一致，报名时间为六月中旬，具体以招生简章为准。" * 2,
            )
        else:
            waiting.append(question.pk)
    services.host_message_post(actor=officer, interview=interview, text="欢迎各位网友提问。")
    return World(interview.pk, [g.pk for g in guests], reviewer, leader_user, waiting)


class Host(threading.Thread):
    """Plays the interview in this process: questions come in, are approved, are answered."""

    def __init__(self, world: World, args, stop: threading.Event) -> None:
        super().__init__(daemon=True)
        self.world, self.args, self.stop = world, args, stop
        self.commits: dict[int, float] = {}  # question id → when its answer committed
        self.error: BaseException | None = None

    def run(self) -> None:
        from django.db import connection, transaction

        from gongkai.interviews import services
        from gongkai.interviews.models import Guest, Interview, Question

        try:
            interview = Interview.objects.get(pk=self.world.interview_id)
            guests = list(Guest.objects.filter(pk__in=self.world.guest_ids))
            next_ask = next_answer = time.monotonic()
            asked = 0
            while not self.stop.is_set():
                now = time.monotonic()
                if now >= next_ask:
                    asked += 1
                    question = services.question_submit(
                        interview=interview, text=f"现场提问{asked}：新学期的课后服务怎么安排？"
                    )
                    next_ask += self.args.ask_every
                if now >= next_answer and self.world.waiting:
                    services.question_approve(actor=self.world.moderator, question=question)
                    self.world.waiting.append(question.pk)
                    target = Question.objects.get(pk=self.world.waiting.pop(0))
                    with transaction.atomic():
                        services.question_answer(
                            actor=self.world.leader,
                            question=target,
                            guest=random.choice(guests),
                            text=f"感谢您的提问。关于第{target.pk}号问题，我们将按政策认真落实。",
                        )
                        pk = target.pk
                        transaction.on_commit(
                            lambda pk=pk: self.commits.__setitem__(pk, time.time())
                        )
                    next_answer += self.args.answer_every
                self.stop.wait(0.05)
        except BaseException as exc:  # noqa: BLE001 - reported by the main thread
            self.error = exc
        finally:
            connection.close()


# --- the viewers --------------------------------------------------------------------------


@dataclass
class Stats:
    latencies: list[float] = field(default_factory=list)
    page_loads: list[float] = field(default_factory=list)
    requests: int = 0
    errors: int = 0
    reconnects: int = 0
    error_kinds: dict[str, int] = field(default_factory=dict)

    def error(self, kind: str) -> None:
        self.errors += 1
        self.error_kinds[kind] = self.error_kinds.get(kind, 0) + 1


class Connection:
    """One keep-alive HTTP/1.1 connection, as a browser keeps to the site."""

    def __init__(self, host: str, port: int, stats: Stats) -> None:
        self.host, self.port, self.stats = host, port, stats
        self.reader = self.writer = None
        self.cookies: dict[str, str] = {}

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            try:
                await self.writer.wait_closed()
            except OSError:
                pass
        self.reader = self.writer = None

    async def _once(self, path: str) -> tuple[int, bytes]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        cookie = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        head = (
            f"GET {path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n"
            "Accept: application/json, text/html\r\nAccept-Language: zh-CN\r\n"
            + (f"Cookie: {cookie}\r\n" if cookie else "")
            + "Connection: keep-alive\r\n\r\n"
        )
        self.writer.write(head.encode())
        await self.writer.drain()
        status_line = await self.reader.readline()
        if not status_line:
            raise ConnectionResetError("closed by the server")
        status = int(status_line.split()[1])
        length, chunked, close = 0, False, False
        while True:
            line = await self.reader.readline()
            if line in (b"\r\n", b""):
                break
            name, _, value = line.decode("latin-1").partition(":")
            name, value = name.strip().lower(), value.strip()
            if name == "content-length":
                length = int(value)
            elif name == "transfer-encoding" and "chunked" in value.lower():
                chunked = True
            elif name == "connection" and value.lower() == "close":
                close = True
            elif name == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key.strip()] = rest.split(";", 1)[0]
        if chunked:
            parts = []
            while True:
                size = int((await self.reader.readline()).split(b";")[0], 16)
                if size == 0:
                    await self.reader.readline()
                    break
                parts.append(await self.reader.readexactly(size))
                await self.reader.readline()
            body = b"".join(parts)
        else:
            body = await self.reader.readexactly(length)
        if close:
            await self.close()
        return status, body

    async def get(self, path: str, timeout: float = 10.0) -> tuple[int, bytes]:
        """GET ``path``; a keep-alive connection the server closed meanwhile is reopened once
        (browsers do the same: a GET is safe to repeat)."""
        self.stats.requests += 1
        for attempt in (1, 2):
            try:
                return await asyncio.wait_for(self._once(path), timeout)
            except (ConnectionError, asyncio.IncompleteReadError, OSError) as exc:
                await self.close()
                if attempt == 2:
                    raise exc
                self.stats.reconnects += 1
        raise AssertionError("unreachable")


async def viewer(n, args, world, host, stats, seen, stop_at, start_delay) -> None:
    await asyncio.sleep(start_delay)
    conn = Connection("127.0.0.1", args.port, stats)
    base = f"/interaction/interviews/{world.interview_id}/"
    try:
        while True:  # a page that does not come is loaded again, as a person would
            started = time.perf_counter()
            try:
                status, body = await conn.get(base)
            except Exception as exc:  # noqa: BLE001 - counted, then tried again
                stats.error(f"page {type(exc).__name__}")
                continue
            if status == 200:
                break
            stats.error(f"page {status}")
            await asyncio.sleep(1)
        stats.page_loads.append(time.perf_counter() - started)
        html = body.decode()
        version = int(re.search(r'data-version="(\d+)"', html).group(1))
        interval = int(re.search(r'data-interval="(\d+)"', html).group(1)) / 1000
        mine = seen[n]
        # Answers already on the page when it arrived were seen then.
        stream = html.split('id="iv-stream"', 1)[1].split("</ol>", 1)[0]
        loaded = time.time()
        for pk in re.findall(r'<li id="q-(\d+)"', stream):
            mine.setdefault(int(pk), loaded)
        await asyncio.sleep(min(interval, 2.0))
        first = True
        while time.monotonic() < stop_at:
            path = f"{base}poll/?since={version}" + ("&hello=1" if first else "")
            started = time.perf_counter()
            try:
                status, body = await conn.get(path)
            except Exception as exc:  # noqa: BLE001 - counted and retried at the next poll
                stats.error(type(exc).__name__)
                await asyncio.sleep(interval)
                continue
            now = time.time()
            stats.latencies.append(time.perf_counter() - started)
            if status != 200:
                stats.error(f"poll {status}")
                await asyncio.sleep(interval)
                continue
            first = False
            data = json.loads(body)
            for entry in data.get("entries", ()):
                if entry["list"] == "stream" and entry["id"].startswith("q-"):
                    pk = int(entry["id"][2:])
                    mine.setdefault(pk, now)
            version, interval = data["v"], data["interval"] / 1000
            if interval <= 0:
                break
            await asyncio.sleep(interval)
    finally:
        await conn.close()


# --- CPU ----------------------------------------------------------------------------------


def cpu_seconds(pids: list[int]) -> float:
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / ticks
    return total


def process_tree(pid: int) -> list[int]:
    result, stack = [], [pid]
    while stack:
        p = stack.pop()
        result.append(p)
        for task in Path(f"/proc/{p}/task").glob("*"):
            try:
                stack += [int(c) for c in (task / "children").read_text().split()]
            except OSError:
                pass
    return result


def machine_busy() -> tuple[float, float]:
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = values[3] + values[4]
    return sum(values) - idle, sum(values)


# --- main ---------------------------------------------------------------------------------


def start_gunicorn(args, env) -> subprocess.Popen:
    command = [
        str(ROOT / ".venv/bin/gunicorn"),
        "gongkai.wsgi:application",
        "--bind",
        f"127.0.0.1:{args.port}",
        "--workers",
        str(args.workers),
        "--worker-class",
        args.worker_class,
        "--threads",
        str(args.threads),
        "--keep-alive",
        "10",
        "--worker-connections",
        "2000",
        "--backlog",
        "2048",
        "--log-level",
        "warning",
    ]
    proc = subprocess.Popen(command, env=env, cwd=str(ROOT))
    deadline = time.monotonic() + 30
    import urllib.request

    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(
                f"http://127.0.0.1:{args.port}/interaction/interviews/", timeout=2
            )
            return proc
        except OSError:
            time.sleep(0.3)
    proc.terminate()
    raise SystemExit("gunicorn did not come up")


async def run_viewers(args, world, stats, seen, stop_at) -> None:
    tasks = [
        viewer(n, args, world, "127.0.0.1", stats, seen, stop_at, random.uniform(0, args.ramp))
        for n in range(args.viewers)
    ]
    await asyncio.gather(*tasks)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--viewers", type=int, default=500)
    parser.add_argument("--duration", type=float, default=120, help="seconds of answering")
    parser.add_argument("--ramp", type=float, default=10, help="seconds over which viewers arrive")
    parser.add_argument("--grace", type=float, default=6, help="polling after the last answer")
    parser.add_argument("--answer-every", type=float, default=4.0)
    parser.add_argument("--ask-every", type=float, default=1.5)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument(
        "--worker-class", default="gthread", help="gthread (default) or sync, for comparison"
    )
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--pg", default="postgresql://postgres@127.0.0.1:5432")
    parser.add_argument("--db", default="gk_d_bench")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/13")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    args = parser.parse_args()
    random.seed(2026)

    var_dir = Path(tempfile.mkdtemp(prefix="gk_interview_bench_"))
    env = environment(args, var_dir)
    os.environ.update(env)
    recreate_database(args)
    empty_redis(args.redis)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    world = build_world()
    connection.close()

    server = start_gunicorn(args, env)
    stats = Stats()
    seen: list[dict[int, float]] = [{} for _ in range(args.viewers)]
    stop = threading.Event()
    host = Host(world, args, stop)
    try:
        pids = process_tree(server.pid)
        cpu_server, cpu_self = cpu_seconds(pids), time.process_time()
        busy0, total0 = machine_busy()
        started = time.monotonic()
        stop_at = started + args.ramp + args.duration + args.grace
        host_timer = threading.Timer(args.ramp, host.start)
        host_timer.start()
        threading.Timer(args.ramp + args.duration, stop.set).start()
        asyncio.run(run_viewers(args, world, stats, seen, stop_at))
        elapsed = time.monotonic() - started
        stop.set()
        if host.is_alive():
            host.join()
        pids = process_tree(server.pid)
        cpu_server = cpu_seconds(pids) - cpu_server
        cpu_self = time.process_time() - cpu_self
        busy1, total1 = machine_busy()
    finally:
        server.terminate()
        server.wait(timeout=30)
        if not args.keep:
            drop_database(args)
        shutil.rmtree(var_dir, ignore_errors=True)
    if host.error:
        raise host.error

    commits = host.commits
    delays, missed = [], 0
    for mine in seen:
        for pk, committed in commits.items():
            if pk in mine:
                delays.append(max(0.0, mine[pk] - committed))
            else:
                missed += 1
    within = sum(1 for d in delays if d <= TARGET_S)
    polls = len(stats.latencies)
    cores = os.cpu_count() or 1
    report = {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": f"{platform.node()} {cores} cores, {platform.python_version()}",
        "gunicorn": f"{args.workers} {args.worker_class} workers × {args.threads} threads",
        "viewers": args.viewers,
        "seconds": round(elapsed, 1),
        "answers": len(commits),
        "deliveries": len(delays) + missed,
        "delay_p50_s": round(percentile(delays, 50), 2),
        "delay_p95_s": round(percentile(delays, 95), 2),
        "delay_max_s": round(max(delays), 2) if delays else None,
        "within_3s": f"{within}/{len(delays) + missed}",
        "missed": missed,
        "requests": stats.requests,
        "requests_per_s": round(stats.requests / elapsed, 1),
        "poll_p50_ms": round(percentile(stats.latencies, 50) * 1000, 1),
        "poll_p95_ms": round(percentile(stats.latencies, 95) * 1000, 1),
        "poll_max_ms": round(max(stats.latencies) * 1000, 1) if polls else None,
        "page_p50_ms": round(percentile(stats.page_loads, 50) * 1000, 1),
        "page_p95_ms": round(percentile(stats.page_loads, 95) * 1000, 1),
        "page_max_ms": round(max(stats.page_loads) * 1000, 1) if stats.page_loads else None,
        "errors": stats.errors,
        "error_kinds": stats.error_kinds,
        "reconnects": stats.reconnects,
        "cpu_gunicorn_s": round(cpu_server, 1),
        "cpu_gunicorn_cores": round(cpu_server / elapsed, 2),
        "cpu_load_generator_cores": round(cpu_self / elapsed, 2),
        "cpu_machine_busy": f"{100 * (busy1 - busy0) / max(total1 - total0, 1):.0f}% of {cores} cores",
    }
    width = max(len(k) for k in report)
    for key, value in report.items():
        print(f"{key:<{width}}  {value}")
    if missed or within < len(delays):
        sys.exit(1)


if __name__ == "__main__":
    main()
