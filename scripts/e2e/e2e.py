#!/usr/bin/env python3
"""The application contract, end to end: the reference app (examples/app) against real PostgreSQL and Redis.

Started by scripts/e2e/run.ts with the contract it read from the synthesized demo (contract.json) and a temporary
directory. Starts, on a random loopback address and on the template's ports:
  - PostgreSQL 15 (Debian's), TLS only when the parameter group sets rds.force_ssl (hostssl-only pg_hba with SCRAM),
    with the template's master user and database, and the password from the secret the template generates;
  - redis-server 7 (Debian's), TLS only (--port 0) when the replication group requires transit encryption, with the
    AUTH token from its secret;
and runs each role of examples/app with the command, environment and secrets of its task definition. Container paths
are mapped to this machine: the image's WORKDIR /app is examples/app (the working directory), each mount point (the
scratch volume /tmp, the media file system MEDIA_ROOT) a directory of its own under the temporary directory, and the
containers' `0.0.0.0` bind the loopback address. As root, the app runs as `nobody`, which can write only there.

Every check is its own assertion; the last line is `N passed, N failed`, and the exit status is 1 on any failure.
"""
import http.client
import json
import os
import pickle
import random
import secrets
import shutil
import signal
import socket
import string
import subprocess
import sys
import time
import traceback
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
APP_DIR = REPO / "examples" / "app"
PG_BIN = Path("/usr/lib/postgresql/15/bin")
TIME_BUDGET_SECONDS = 170

# What each program needs, and the Debian package that has it (scripts/e2e/install-servers.sh installs them).
PROGRAMS = {
    str(PG_BIN / "initdb"): "postgresql-15",
    str(PG_BIN / "pg_ctl"): "postgresql-15",
    "/usr/bin/redis-server": "redis-server",
    "/usr/bin/openssl": "openssl",
    "/usr/bin/gunicorn": "gunicorn",
    "/usr/bin/celery": "celery",
}
MODULES = {"django": "python3-django", "celery": "python3-celery", "psycopg2": "python3-psycopg2", "redis": "python3-redis"}


class Failure(Exception):
    pass


def expect(condition, message):
    if not condition:
        raise Failure(message)


class TimeBudgetExceeded(BaseException):
    pass


# ---------------------------------------------------------------------------------------------------------------------
# Processes


class Process:
    """A process in a session of its own, logging to a file, stopped with its whole group."""

    def __init__(self, name, args, log_dir, **kwargs):
        self.name = name
        self.log_path = log_dir / f"{name}.log"
        self.log = open(self.log_path, "ab")
        self.popen = subprocess.Popen(args, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True, **kwargs)

    def output(self):
        if not self.log.closed:
            self.log.flush()
        return self.log_path.read_text(errors="replace")

    def running(self):
        return self.popen.poll() is None

    def kill(self):
        # The whole session, also when its leader has exited: gunicorn's and Celery's children are in it.
        try:
            os.killpg(self.popen.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        self.popen.wait(timeout=10)
        self.log.close()


class Run:
    def __init__(self, contract, work_dir):
        self.contract = contract
        self.work = work_dir
        self.logs = work_dir / "logs"
        self.logs.mkdir()
        self.processes = []
        self.cleanups = []
        self.passed = 0
        self.failed = 0
        as_root = os.geteuid() == 0
        self.app_user = (65534, 65534) if as_root else None  # nobody:nogroup
        self.server_users = {"postgres": "postgres", "redis": "redis"} if as_root else {}
        self.ip = None
        self.certs = None
        self.workdir = None
        self.secret_values = {}

    # -- assertions ---------------------------------------------------------------------------------------------------

    def check(self, name, function):
        started = time.monotonic()
        try:
            function()
        except TimeBudgetExceeded:
            raise
        except Failure as failure:
            self.failed += 1
            print(f"FAIL {name}: {failure}", flush=True)
            return False
        except Exception as error:  # noqa: BLE001 - an unexpected error fails the assertion, with its trace
            self.failed += 1
            print(f"FAIL {name}: {type(error).__name__}: {error}", flush=True)
            traceback.print_exc(limit=3)
            return False
        self.passed += 1
        print(f"PASS {name} ({time.monotonic() - started:.1f} s)", flush=True)
        return True

    # -- processes ----------------------------------------------------------------------------------------------------

    def start(self, name, args, user=None, **kwargs):
        if user is not None:
            kwargs.update(user=user[0], group=user[1], extra_groups=[])
        process = Process(name, args, self.logs, **kwargs)
        self.processes.append(process)
        return process

    def run(self, name, args, user=None, timeout=60, **kwargs):
        """Runs a process to its end; returns (exit status, output)."""
        process = self.start(name, args, user=user, **kwargs)
        try:
            status = process.popen.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            raise Failure(f"{name} did not finish within {timeout} s")
        return status, process.output()

    def run_as_server(self, server, args, **kwargs):
        user = self.server_users.get(server)
        return subprocess.run(args, user=user, group=user and server, capture_output=True, text=True, timeout=60, **kwargs)

    def stop_everything(self):
        """The app's processes first, then the servers."""
        for process in reversed(self.processes):
            process.kill()
        for cleanup in reversed(self.cleanups):
            try:
                cleanup()
            except Exception as error:  # noqa: BLE001 - clean up the rest anyway
                print(f"cleanup: {error}", file=sys.stderr)

    # -- secrets ------------------------------------------------------------------------------------------------------

    def generate_secrets(self):
        """A value for each secret the template defines, generated as Secrets Manager would from its settings."""
        for logical_id, definition in self.contract["secrets"].items():
            values = dict(definition["fixedValues"])
            if definition.get("generateStringKey"):
                values[definition["generateStringKey"]] = generate_password(definition)
            self.secret_values[logical_id] = values

    def secret(self, reference):
        values = self.secret_values.get(reference["secret"], {})
        if reference["jsonKey"] not in values:
            raise Failure(f"secret {reference['secret']} has no JSON key {reference['jsonKey']}")
        return values[reference["jsonKey"]]

    # -- the containers -----------------------------------------------------------------------------------------------

    def host_path(self, role, container_path):
        """Where a container path of `role` is on this machine: its mount's directory, or the app directory for /app."""
        container = self.contract["containers"][role]
        # /tmp is private to each task: the scratch volume where the root file system is read-only, else its own.
        for mount in sorted({*container["mountPaths"], "/tmp"}, key=len, reverse=True):
            if container_path == mount or container_path.startswith(mount + "/"):
                return str(self.mount_dir(role, mount)) + container_path[len(mount):]
        if container_path == self.workdir or container_path.startswith(self.workdir + "/"):
            return str(APP_DIR) + container_path[len(self.workdir):]
        return container_path

    def mount_dir(self, role, mount):
        # The media file system is shared by the tasks that mount it; every task has a scratch volume of its own.
        media_root = self.contract["containers"][role]["environment"].get("MEDIA_ROOT")
        if mount == media_root:
            directory = self.work / "media"
        else:
            directory = self.work / "scratch" / role / mount.strip("/").replace("/", "_")
        if not directory.exists():
            directory.mkdir(parents=True)
            if self.app_user:
                os.chown(directory, *self.app_user)
        return directory

    def environment(self, role, overrides=None):
        container = self.contract["containers"][role]
        scratch = str(self.mount_dir(role, "/tmp"))
        env = {
            # The image's environment (examples/app/Dockerfile): Debian's python3 stands in for the image's python.
            "PATH": f"{self.work / 'bin'}:/usr/bin:/bin",
            "LANG": "C.UTF-8",
            "HOME": scratch,
            "TMPDIR": scratch,
            "PYTHONUNBUFFERED": "1",
            "PYTHONDONTWRITEBYTECODE": "1",
            # The image's RDS CA bundle and the system trust store stand for the CA of this run's server certificates.
            "DATABASE_CA_BUNDLE": str(self.certs / "ca.crt"),
            "SSL_CERT_FILE": str(self.certs / "ca.crt"),
        }
        for name, value in container["environment"].items():
            env[name] = self.ip if isinstance(value, dict) else self.host_path(role, value)
        for name, reference in container["secrets"].items():
            env[name] = self.secret(reference)
        env.update(overrides or {})
        return env

    def command(self, role):
        command = []
        for argument in self.contract["containers"][role]["command"]:
            # Containers listen on all their interfaces; here, on the loopback address only.
            if argument.startswith("0.0.0.0:"):
                argument = f"{self.ip}:{argument.split(':', 1)[1]}"
            command.append(self.host_path(role, argument))
        expect(command, f"the {role} task definition has no command")
        return command

    def start_role(self, role, name=None, command=None, overrides=None):
        return self.start(name or role, command or self.command(role), user=self.app_user, cwd=APP_DIR,
                          env=self.environment(role, overrides))

    def run_role(self, role, name=None, command=None, overrides=None, timeout=60):
        return self.run(name or role, command or self.command(role), user=self.app_user, cwd=APP_DIR,
                        env=self.environment(role, overrides), timeout=timeout)


def generate_password(definition):
    alphabet = string.ascii_letters + string.digits
    if not definition["excludePunctuation"]:
        alphabet += string.punctuation
    alphabet = "".join(c for c in alphabet if c not in definition["excludeCharacters"])
    while True:
        value = "".join(secrets.choice(alphabet) for _ in range(definition["passwordLength"]))
        # Secrets Manager includes every included kind of character (RequireEachIncludedType).
        if any(c.islower() for c in value) and any(c.isupper() for c in value) and any(c.isdigit() for c in value):
            return value


def wait_for(description, condition, timeout, interval=0.3, process=None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        if process is not None and not process.running():
            raise Failure(f"{description}: {process.name} exited with {process.popen.returncode}\n{tail(process.output())}")
        time.sleep(interval)
    raise Failure(f"{description}: not within {timeout} s" + (f"\n{tail(process.output())}" if process else ""))


def tail(text, lines=15):
    return "\n".join("    " + line for line in text.strip().splitlines()[-lines:])


def http_get(ip, port, path, headers):
    connection = http.client.HTTPConnection(ip, port, timeout=10)
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        return response.status, response.getheader("Location"), response.read().decode(errors="replace")
    finally:
        connection.close()


def matches(status, matcher):
    """Whether an HTTP status matches a target group's matcher: codes and ranges separated by commas (200,202-299)."""
    for part in matcher.split(","):
        low, _, high = part.strip().partition("-")
        if int(low) <= status <= int(high or low):
            return True
    return False


def port_free(ip, port):
    with socket.socket() as probe:
        try:
            probe.bind((ip, port))
            return True
        except OSError:
            return False


def snapshot(directory):
    return {str(p.relative_to(directory)): (p.stat().st_size, p.stat().st_mtime_ns) for p in directory.rglob("*")}


# ---------------------------------------------------------------------------------------------------------------------
# The test


def preflight():
    missing = sorted({package for program, package in PROGRAMS.items() if not os.access(program, os.X_OK)}
                     | {package for module, package in MODULES.items() if not module_available(module)})
    if missing:
        print(f"Missing Debian packages for the end-to-end test: {', '.join(missing)} (Python modules checked for "
              f"{sys.executable}; E2E_PYTHON chooses it, default /usr/bin/python3).\n"
              f"Install them with scripts/e2e/install-servers.sh (runs apt-get as root).", flush=True)
        return False
    return True


def module_available(module):
    try:
        __import__(module)
        return True
    except ImportError:
        return False


def main():
    contract_file, work_dir = Path(sys.argv[1]), Path(sys.argv[2])
    contract = json.loads(contract_file.read_text())
    if not preflight():
        return summary(0, 1)

    run = Run(contract, work_dir)
    started = time.monotonic()

    def out_of_time(signum, frame):
        raise TimeBudgetExceeded()

    def interrupted(signum, frame):
        raise KeyboardInterrupt()

    signal.signal(signal.SIGALRM, out_of_time)
    signal.signal(signal.SIGTERM, interrupted)
    signal.alarm(TIME_BUDGET_SECONDS)
    try:
        scenario(run)
    except TimeBudgetExceeded:
        run.failed += 1
        print(f"FAIL the test finished within its time budget of {TIME_BUDGET_SECONDS} s", flush=True)
    except KeyboardInterrupt:
        run.failed += 1
        print("FAIL interrupted (SIGINT or SIGTERM)", flush=True)
    except Failure as failure:
        run.failed += 1
        print(f"FAIL {failure}", flush=True)
    except Exception as error:  # noqa: BLE001 - the servers could not be set up: one failure, with its trace
        run.failed += 1
        print(f"FAIL {type(error).__name__}: {error}", flush=True)
        traceback.print_exc()
    finally:
        signal.alarm(0)
        run.stop_everything()
    print(f"Ran in {time.monotonic() - started:.1f} s; every process it started has been stopped.")
    return summary(run.passed, run.failed)


def summary(passed, failed):
    """Prints the last line, `N passed, N failed`, and writes it to E2E_REPORT (JSON) when set, for .ci/run."""
    report = os.environ.get("E2E_REPORT")
    if report:
        Path(report).parent.mkdir(parents=True, exist_ok=True)
        Path(report).write_text(json.dumps({"passed": passed, "failed": failed}) + "\n")
    print(f"{passed} passed, {failed} failed", flush=True)
    return 1 if failed else 0


def dockerfile_workdir():
    """The image's working directory, which the task definitions' relative paths (manage.py) are relative to."""
    workdirs = [line.split(None, 1)[1].strip() for line in (APP_DIR / "Dockerfile").read_text().splitlines()
                if line.upper().startswith("WORKDIR ")]
    expect(workdirs, "examples/app/Dockerfile has no WORKDIR")
    return workdirs[-1]


def scenario(run):
    contract = run.contract
    db, cache = contract["database"], contract["cache"]
    run.workdir = dockerfile_workdir()
    print(f"Contract of {contract['stackName']}: database port {db['port']} (force_ssl {db['forceSsl']}), cache port "
          f"{cache['port']} (transit encryption {cache['transitEncryptionEnabled']}, {cache['transitEncryptionMode']}), "
          f"health check {contract['healthCheck']['path']} on port {contract['healthCheck']['port']}", flush=True)
    for role, container in contract["containers"].items():
        print(f"  {role}: {' '.join(container['command'])} (stop timeout {container['stopTimeoutSeconds']} s, "
              f"{container['stopTimeoutSource']})", flush=True)

    app_port = contract["healthCheck"]["serviceContainerPort"]
    ports = [db["port"], cache["port"], app_port]
    for _ in range(20):
        ip = f"127.{random.randint(64, 254)}.{random.randint(1, 254)}.{random.randint(1, 254)}"
        if all(port_free(ip, port) for port in ports):
            break
    else:
        raise Failure(f"no loopback address with the ports {ports} free")
    run.ip = ip
    print(f"Servers and app on {ip}, under {run.work}", flush=True)

    (run.work / "bin").mkdir()
    # The image's `python`: this interpreter, which has Debian's packages.
    (run.work / "bin" / "python").symlink_to(sys.executable)
    run.generate_secrets()
    make_certificates(run)
    start_postgres(run)
    start_redis(run)
    app_before = snapshot(APP_DIR)

    import psycopg2
    import redis

    def database(password=None, **options):
        settings = {"sslmode": "verify-full", "sslrootcert": str(run.certs / "ca.crt"), **options}
        return psycopg2.connect(host=ip, port=db["port"], dbname=db["databaseName"], user=db["masterUsername"],
                                password=password or run.secret(db["masterPassword"]), connect_timeout=5, **settings)

    def cache_client(**options):
        settings = {"ssl": True, "ssl_ca_certs": str(run.certs / "ca.crt"), "password": run.secret(cache["authToken"])}
        settings.update(options)
        return redis.Redis(host=ip, port=cache["port"], socket_timeout=5, socket_connect_timeout=5, **settings)

    # -- the servers are configured as the template configures RDS and ElastiCache -----------------------------------

    def postgres_refuses_plaintext():
        try:
            database(sslmode="disable").close()
        except psycopg2.OperationalError as error:
            expect("no encryption" in str(error), f"refused, but not for want of TLS: {error}")
            return
        raise Failure("PostgreSQL accepted a connection without TLS")

    def redis_refuses_plaintext():
        client = cache_client(ssl=False, ssl_ca_certs=None)
        try:
            client.ping()
        except redis.exceptions.ConnectionError:
            return
        finally:
            client.close()
        raise Failure("Redis answered a plaintext PING")

    def redis_refuses_wrong_auth():
        for password, label in ((secrets.token_hex(16), "a wrong token"), (None, "no token")):
            client = cache_client(password=password)
            try:
                client.ping()
            except (redis.exceptions.AuthenticationError, redis.exceptions.ResponseError) as error:
                expect("auth" in str(error).lower() or "WRONGPASS" in str(error), f"{label}: {error}")
                continue
            finally:
                client.close()
            raise Failure(f"Redis answered PING with {label}")
        client = cache_client()
        expect(client.ping(), "the right token was refused")
        client.close()

    run.check("PostgreSQL refuses a plaintext connection (TLS required, as rds.force_ssl)", postgres_refuses_plaintext)
    run.check("Redis refuses a plaintext connection on the cache port (TLS only)", redis_refuses_plaintext)
    run.check("Redis refuses a wrong or missing AUTH token and accepts the secret's", redis_refuses_wrong_auth)

    # -- migrate -------------------------------------------------------------------------------------------------------

    def migrate_migrates():
        status, output = run.run_role("migrate", timeout=60)
        expect(status == 0, f"exited with {status}\n{tail(output)}")
        with database() as connection, connection.cursor() as cursor:
            cursor.execute("SELECT app, name FROM django_migrations")
            applied = set(cursor.fetchall())
            cursor.execute("SELECT to_regclass('notes_note') IS NOT NULL")
            table = cursor.fetchone()[0]
        connection.close()
        expect(("notes", "0001_initial") in applied, f"notes.0001_initial not applied: {sorted(applied)}")
        expect(table, "the table notes_note does not exist")

    def database_certificate_verified():
        status, output = run.run_role("migrate", name="migrate-wrong-ca", command=["python", "manage.py", "showmigrations"],
                                      overrides={"DATABASE_CA_BUNDLE": str(run.certs / "other-ca.crt")}, timeout=60)
        expect(status != 0 and "certificate verify failed" in output,
               f"expected a certificate verification failure, got exit status {status}\n{tail(output)}")

    run.check(f"the migrate command ({' '.join(contract['containers']['migrate']['command'])}) migrates", migrate_migrates)
    run.check("the app verifies the database's certificate against DATABASE_CA_BUNDLE (verify-full)",
              database_certificate_verified)

    # -- the three services ------------------------------------------------------------------------------------------

    django = run.start_role("django")
    worker = run.start_role("celery")
    beat = run.start_role("beat")
    beat_started = time.monotonic()

    health = contract["healthCheck"]
    tenant_host = contract["tenantHost"]

    def django_up():
        expect(app_port == health["port"] and app_port in contract["containers"]["django"]["containerPorts"],
               f"the service sends the target group's traffic to port {app_port}, the target group uses {health['port']}, "
               f"the container maps {contract['containers']['django']['containerPorts']}")
        def answers():
            try:
                return http_get(ip, app_port, health["path"], {"Host": ip})
            except OSError:
                return None
        wait_for("Django answers HTTP", answers, 30, process=django)

    def health_check_by_ip():
        for host in (ip, f"{ip}:{app_port}"):
            status, _, body = http_get(ip, app_port, health["path"], {"Host": host})
            expect(matches(status, health["matcher"]),
                   f"Host {host}: {status}, the target group expects {health['matcher']}\n{body[:300]}")

    def tenant_host_over_https():
        headers = {"Host": tenant_host, "X-Forwarded-Proto": "https"}
        status, _, body = http_get(ip, app_port, health["path"], headers)
        expect(status == 200, f"{health['path']}: {status}\n{body[:300]}")
        status, _, body = http_get(ip, app_port, "/", headers)
        expect(status == 200, f"/: {status}\n{body[:300]}\n{tail(django.output())}")
        page = json.loads(body)
        tenant = contract["containers"]["django"]["environment"]["MATE_TENANT_ID"]
        expect(page.get("secure") is True and page.get("tenant") == tenant and page.get("cached") == tenant,
               f"/ answered {page}")

    def http_redirected_to_https():
        status, location, _ = http_get(ip, app_port, "/", {"Host": tenant_host, "X-Forwarded-Proto": "http"})
        expect(status == 301 and location == f"https://{tenant_host}/", f"{status} {location}")

    def unknown_host_refused():
        status, _, _ = http_get(ip, app_port, "/", {"Host": "unknown.example.org", "X-Forwarded-Proto": "https"})
        expect(status == 400, f"{status}")

    if run.check("Django starts with the service's command and answers HTTP on the target group's port", django_up):
        run.check(f"{health['path']} answers {health['matcher']} with the task's IP address as Host "
                  "(as the load balancer sends it)",
                  health_check_by_ip)
        run.check(f"Host {tenant_host} with X-Forwarded-Proto https: {health['path']} and / answer 200; "
                  "/ sees HTTPS, the database and the cache",
                  tenant_host_over_https)
        run.check("a request that came over HTTP is redirected to HTTPS", http_redirected_to_https)
        run.check("an unknown Host is refused with 400", unknown_host_refused)

    # -- the worker and Beat -----------------------------------------------------------------------------------------

    def send_note(text, seconds=0):
        status, output = run.run_role("celery", name=f"send-{text.replace(' ', '-')}", command=[
            "celery", "-A", "mate", "call", "notes.tasks.write_note", "--args", json.dumps([text, seconds])], timeout=40)
        expect(status == 0, f"celery call exited with {status}\n{tail(output)}")
        return output.strip().splitlines()[-1]

    def note_written(text):
        with database() as connection, connection.cursor() as cursor:
            cursor.execute("SELECT id, file FROM notes_note WHERE text = %s", (text,))
            row = cursor.fetchone()
        connection.close()
        return row

    def worker_runs_task():
        wait_for("the worker is ready", lambda: " ready." in worker.output(), 40, process=worker)
        text = f"e2e note {secrets.token_hex(4)}"
        task_id = send_note(text)
        row = wait_for(f"task {task_id} wrote its row", lambda: note_written(text), 30, process=worker)
        note_id, file_name = row
        client = cache_client()
        cached = client.get(f"cache:1:note:{note_id}")
        client.close()
        expect(cached is not None and pickle.loads(cached) == text, f"cache key note:{note_id} holds {cached!r}")
        media_file = run.work / "media" / file_name
        expect(media_file.is_file() and media_file.read_text() == text, f"{media_file} missing or wrong")

    def beat_sends_schedule():
        def heartbeat():
            client = cache_client()
            try:
                return client.get("cache:1:heartbeat")
            finally:
                client.close()
        remaining = max(5.0, 30 - (time.monotonic() - beat_started))
        wait_for("Beat sends heartbeat", lambda: "Sending due task heartbeat" in beat.output(), remaining, process=beat)
        wait_for("the worker ran the heartbeat Beat sent", heartbeat, 15, process=worker)

    run.check("the worker runs write_note: a row, a cache key and a file under MEDIA_ROOT appear", worker_runs_task)
    run.check("Beat sends its scheduled task (heartbeat) and the worker runs it", beat_sends_schedule)

    # -- password rotation -------------------------------------------------------------------------------------------

    old_password = run.secret(db["masterPassword"])
    rotation = Rotation(run, database, old_password)
    run.check("rotation: a connection the app opened before the rotation is open", rotation.before)
    run.check("rotation: the server's password and the secret's value change; the old value is refused", rotation.rotate)
    run.check("rotation: the connection opened before keeps working", rotation.open_connection_works)
    run.check("rotation: a process started with the new value connects (the migrate command)", rotation.new_process_connects)

    # -- SIGTERM -----------------------------------------------------------------------------------------------------

    slow_text = f"e2e slow note {secrets.token_hex(4)}"

    def stops_within_timeouts():
        expect(worker.running() and django.running() and beat.running(), "a service is not running")
        marker = len(worker.output())
        send_note(slow_text, seconds=3)
        wait_for("the worker received the slow task", lambda: "write_note" in worker.output()[marker:], 20, process=worker)
        time.sleep(0.5)
        sent = time.monotonic()
        for service in (django, worker, beat):
            # ECS sends SIGTERM to the container's main process: the command itself.
            service.popen.send_signal(signal.SIGTERM)
        services = {"django": django, "celery": worker, "beat": beat}
        timeouts = {role: contract["containers"][role]["stopTimeoutSeconds"] for role in services}
        stopped = {}
        # Wait for each until it stopped or its stop timeout passed (ECS would kill it then).
        while any(role not in stopped and time.monotonic() - sent <= timeouts[role] for role in services):
            for role, service in services.items():
                if role not in stopped and not service.running():
                    stopped[role] = time.monotonic() - sent
            time.sleep(0.1)
        problems = []
        for role, service in services.items():
            if role not in stopped or stopped[role] > timeouts[role]:
                problems.append(f"{role} still running {timeouts[role]} s after SIGTERM")
                service.kill()
                continue
            status = service.popen.returncode
            print(f"    {role} stopped {stopped[role]:.1f} s after SIGTERM with status {status} "
                  f"(stop timeout {timeouts[role]} s)", flush=True)
            if status != 0:
                problems.append(f"{role} exited with {status}\n{tail(service.output())}")
        expect(not problems, "; ".join(problems))
        expect(note_written(slow_text), "the worker stopped without finishing the task it was running")

    run.check("SIGTERM stops Django, the worker (after finishing its task) and Beat within their stop timeouts",
              stops_within_timeouts)

    def wrote_only_scratch_and_media():
        changed = sorted(set(snapshot(APP_DIR).items()) ^ set(app_before.items()))
        expect(not changed, f"files changed under examples/app: {changed[:5]}")
        schedule = Path(run.host_path("beat", "/tmp/celerybeat-schedule"))
        expect(any(schedule.parent.glob("celerybeat-schedule*")),
               f"no Beat schedule in the scratch volume {schedule.parent}")

    run.check("the app wrote only to its scratch volume (/tmp) and MEDIA_ROOT", wrote_only_scratch_and_media)


class Rotation:
    """Single-user rotation as RDS's rotation function does it: the user changes its own password."""

    def __init__(self, run, database, old_password):
        self.run = run
        self.database = database
        self.old_password = old_password
        self.probe = None

    def _ask(self):
        self.probe.popen.stdin.write(b"query\n")
        self.probe.popen.stdin.flush()
        marker = self.lines_seen
        line = wait_for("the probe answers", lambda: self._line(marker), 15, process=self.probe)
        self.lines_seen += 1
        return line

    def _line(self, index):
        lines = self.probe.output().splitlines()
        answers = [line for line in lines if line.startswith(("ok ", "error "))]
        return answers[index] if len(answers) > index else None

    def before(self):
        run = self.run
        self.probe = run.start("probe", ["python", str(Path(__file__).with_name("probe.py"))], user=run.app_user,
                               cwd=APP_DIR, env=run.environment("django"), stdin=subprocess.PIPE)
        self.lines_seen = 0
        wait_for("the probe connects", lambda: "connected" in self.probe.output(), 30, process=self.probe)
        answer = self._ask()
        expect(answer.startswith("ok "), answer)

    def rotate(self):
        import psycopg2

        run = self.run
        db = run.contract["database"]
        new_password = generate_password(run.contract["secrets"][db["masterPassword"]["secret"]])
        with self.database() as connection, connection.cursor() as cursor:
            cursor.execute(f'ALTER ROLE "{db["masterUsername"]}" PASSWORD %s', (new_password,))
        connection.close()
        run.secret_values[db["masterPassword"]["secret"]][db["masterPassword"]["jsonKey"]] = new_password
        self.database().close()
        try:
            self.database(password=self.old_password).close()
        except psycopg2.OperationalError as error:
            expect("password authentication failed" in str(error), str(error))
            return
        raise Failure("the old password still opens connections")

    def open_connection_works(self):
        answer = self._ask()
        expect(answer.startswith("ok "), answer)

    def new_process_connects(self):
        status, output = self.run.run_role("migrate", name="migrate-after-rotation", timeout=60)
        expect(status == 0 and "No migrations to apply" in output, f"exited with {status}\n{tail(output)}")


def make_certificates(run):
    """A CA and a server certificate for the loopback address (what RDS's and ElastiCache's certificates are to AWS)."""
    run.certs = run.work / "certs"
    run.certs.mkdir()

    def openssl(*args):
        subprocess.run(["openssl", *args], cwd=run.certs, check=True, capture_output=True, timeout=30)

    ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
    for ca in ("ca", "other-ca"):
        openssl("req", "-x509", *ec, "-keyout", f"{ca}.key", "-out", f"{ca}.crt", "-days", "1",
                "-subj", f"/CN=mate e2e {ca}",
                "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign")
    openssl("req", *ec, "-keyout", "server.key", "-out", "server.csr", "-subj", f"/CN={run.ip}")
    (run.certs / "server.ext").write_text(f"subjectAltName=IP:{run.ip}\nextendedKeyUsage=serverAuth\n")
    openssl("x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial", "-days", "1",
            "-out", "server.crt", "-extfile", "server.ext")
    for path in run.certs.iterdir():
        path.chmod(0o644 if path.suffix == ".crt" else 0o600)
    run.certs.chmod(0o755)
    # Each server reads its own copy of the key.
    for server in ("postgres", "redis"):
        key = run.certs / f"server-{server}.key"
        shutil.copy(run.certs / "server.key", key)
        key.chmod(0o600)
        if server in run.server_users:
            shutil.chown(key, run.server_users[server], server)


def start_postgres(run):
    db = run.contract["database"]
    data = run.work / "postgres"
    data.mkdir(mode=0o700)
    password_file = run.work / "postgres-password"
    password_file.write_text(run.secret(db["masterPassword"]) + "\n")
    log = run.logs / "postgres.log"
    log.touch()
    if "postgres" in run.server_users:
        for path in (data, password_file, log):
            shutil.chown(path, "postgres", "postgres")
    result = run.run_as_server("postgres", [str(PG_BIN / "initdb"), "-D", str(data), "-U", db["masterUsername"],
                                            f"--pwfile={password_file}", "--auth=scram-sha-256", "-E", "UTF8", "--no-sync"])
    password_file.unlink()
    expect(result.returncode == 0, f"initdb failed: {result.stderr}")
    # rds.force_ssl=1: TLS only (hostssl); otherwise TLS optional. SCRAM passwords either way; no Unix socket.
    connection_type = "hostssl" if db["forceSsl"] else "host"
    # Clients on loopback connect from 127.0.0.1 whatever loopback address they connect to.
    (data / "pg_hba.conf").write_text(f"{connection_type} all all 127.0.0.0/8 scram-sha-256\n")
    with open(data / "postgresql.conf", "a") as conf:
        conf.write(f"""
listen_addresses = '{run.ip}'
port = {db['port']}
unix_socket_directories = ''
ssl = on
ssl_cert_file = '{run.certs / 'server.crt'}'
ssl_key_file = '{run.certs / 'server-postgres.key'}'
password_encryption = 'scram-sha-256'
max_connections = 40
shared_buffers = 16MB
fsync = off
synchronous_commit = off
full_page_writes = off
""")
    result = run.run_as_server("postgres", [str(PG_BIN / "pg_ctl"), "-D", str(data), "-l", str(run.logs / "postgres.log"),
                                            "-w", "-t", "30", "start"])
    run.cleanups.append(lambda: run.run_as_server(
        "postgres", [str(PG_BIN / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"]))
    expect(result.returncode == 0, f"PostgreSQL did not start: {result.stdout}{result.stderr}\n"
                                   f"{tail((run.logs / 'postgres.log').read_text(errors='replace'))}")
    import psycopg2

    # RDS creates DBName, owned by the master user.
    connection = psycopg2.connect(host=run.ip, port=db["port"], dbname="postgres", user=db["masterUsername"],
                                  password=run.secret(db["masterPassword"]), sslmode="verify-full",
                                  sslrootcert=str(run.certs / "ca.crt"), connect_timeout=5)
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{db["databaseName"]}"')
    connection.close()


def start_redis(run):
    cache = run.contract["cache"]
    token = run.secret(cache["authToken"])
    expect(cache["transitEncryptionMode"] == "required" or not cache["transitEncryptionEnabled"],
           f"transit encryption mode {cache['transitEncryptionMode']} has no stand-in here")
    ports = (["--port", "0", "--tls-port", str(cache["port"]), "--tls-cert-file", str(run.certs / "server.crt"),
              "--tls-key-file", str(run.certs / "server-redis.key"), "--tls-ca-cert-file", str(run.certs / "ca.crt"),
              "--tls-auth-clients", "no"]
             if cache["transitEncryptionEnabled"] else ["--port", str(cache["port"])])
    data = run.work / "redis"
    data.mkdir()
    if "redis" in run.server_users:
        shutil.chown(data, "redis", "redis")
    # The token reaches redis-server through a config file rather than the command line, where `ps` would show it.
    config = run.work / "redis.conf"
    config.write_text(f"requirepass {token}\n")
    config.chmod(0o600)
    if "redis" in run.server_users:
        shutil.chown(config, "redis", "redis")
    user = run.server_users.get("redis")
    server = run.start("redis", ["/usr/bin/redis-server", str(config), "--bind", run.ip, *ports, "--dir", str(data),
                                 "--save", "", "--appendonly", "no", "--daemonize", "no", "--protected-mode", "yes"],
                       user=(user, user) if user else None)
    import redis

    def ready():
        client = redis.Redis(host=run.ip, port=cache["port"], password=token, ssl=cache["transitEncryptionEnabled"],
                             ssl_ca_certs=str(run.certs / "ca.crt"), socket_timeout=2, socket_connect_timeout=2)
        try:
            return client.ping()
        except redis.exceptions.ConnectionError:
            return False
        finally:
            client.close()

    wait_for("redis-server starts", ready, 15, process=server)


if __name__ == "__main__":
    sys.exit(main())
