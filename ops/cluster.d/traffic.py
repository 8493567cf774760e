#!/usr/bin/env python3
"""Drill traffic for ops/cluster, ops/pg failover and ops/restore drills (loopback only, bounded).

submit: sends pre-signed declarations (one compact JWS per line, lab SubmissionFixtures) to URL, each
  with its own Idempotency-Key (PREFIX-LINE), from THREADS workers. A request that is not answered
  (connection refused or cut, timeout) or answered 502/503/504/409 is sent again with the same key
  and body until it is answered or DEADLINE passes. Every acknowledged submission (201, or 200 with
  Idempotent-Replayed) is one JSON line in OUT: line, key, id, number, status, replayed, attempts,
  node (X-Served-By), sentAt (first attempt), lastAttemptAt (the answered one), ackedAt (epoch ms, after
  the answer arrived). Exit 1 when a
  submission got another answer or none by the deadline. Stops early (without starting new lines)
  when STOP_FILE exists. --rate spaces the starts (per second, all threads together).

release: submits pre-signed declarations of a priority enterprise (one JWS a line) one by one, keeps
  the first COUNT answered GREEN and AWAITING_PAYMENT, pays each at the sandbox bank (the payment's
  paymentUrl, then the bank's confirm form) and waits until the api has released it (the bank's IPN
  settles it, through the balancer). Writes the released declarations' ids to OUT, one a line.

hold: an officer holds a released declaration (POST /declarations/ID/hold): its gate clearances
  are revoked. Prints the epoch ms at which the api answered 200, and X-Served-By.

sse: follows GET /api/v1/me/events with the token; each event's id and its connection number is one
  line of OUT ("CONN ID"); each connection's X-Served-By is one line of OUT.conns. On a cut it
  reconnects (after 200 ms) with Last-Event-ID of the last event received. Stops when STOP_FILE exists
  (checked at each line: run the api with a short SSE_HEARTBEAT_SECONDS).
"""
import argparse
import http.client
import json
import os
import sys
import threading
import time
import urllib.parse

RETRY_STATUSES = {409, 502, 503, 504}


def connection(url, timeout):
    u = urllib.parse.urlsplit(url)
    return http.client.HTTPConnection(u.hostname, u.port or 80, timeout=timeout)


def submit(args):
    lines = open(args.jws).read().split()
    token = open(args.token).read().strip()
    first = args.first
    last = min(len(lines), first + args.count) if args.count else len(lines)
    path = urllib.parse.urlsplit(args.url).path.rstrip("/") + "/api/v1/declarations"
    lock = threading.Lock()
    nxt = [first]
    out = open(args.out, "a", buffering=1)
    failures = []
    deadline = time.time() + args.deadline
    started = time.time()
    interval = 1.0 / args.rate if args.rate else 0.0

    def take():
        with lock:
            if nxt[0] >= last or os.path.exists(args.stop_file or "/nonexistent"):
                return None
            i = nxt[0]
            nxt[0] += 1
            return i

    def worker():
        conn = None
        while True:
            i = take()
            if i is None:
                return
            if interval:
                due = started + (i - first) * interval
                pause = due - time.time()
                if pause > 0:
                    time.sleep(pause)
            key = "%s-%d" % (args.prefix, i)
            attempts = 0
            sent_at = int(time.time() * 1000)
            while True:
                attempts += 1
                attempt_at = int(time.time() * 1000)
                status, headers, body = None, {}, b""
                try:
                    if conn is None:
                        conn = connection(args.url, args.timeout)
                    conn.request("POST", path, body=lines[i], headers={
                        "Content-Type": "application/jose", "Authorization": "Bearer " + token,
                        "Idempotency-Key": key})
                    r = conn.getresponse()
                    status, body = r.status, r.read()
                    headers = {k.lower(): v for k, v in r.getheaders()}
                    if headers.get("connection", "").lower() == "close":
                        conn.close()
                        conn = None
                except (OSError, http.client.HTTPException):
                    if conn is not None:
                        conn.close()
                    conn = None
                if status in (200, 201):
                    doc = json.loads(body or b"{}")
                    out.write(json.dumps({
                        "line": i, "key": key, "id": doc.get("id"), "number": doc.get("number"),
                        "status": status, "replayed": headers.get("idempotent-replayed") == "true",
                        "attempts": attempts, "node": headers.get("x-served-by"),
                        "sentAt": sent_at, "lastAttemptAt": attempt_at, "ackedAt": int(time.time() * 1000)}) + "\n")
                    break
                if (status is None or status in RETRY_STATUSES) and time.time() < deadline:
                    time.sleep(min(0.5, 0.1 * attempts))
                    continue
                with lock:
                    failures.append((key, status, body[:300]))
                break

    threads = [threading.Thread(target=worker) for _ in range(args.threads)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for key, status, body in failures[:10]:
        print("no acknowledgement for %s: %s %s" % (key, status, body), file=sys.stderr)
    return 1 if failures else 0


def sse(args):
    token = open(args.token).read().strip()
    path = urllib.parse.urlsplit(args.url).path.rstrip("/") + "/api/v1/me/events"
    out = open(args.out, "a", buffering=1)
    conns = open(args.out + ".conns", "a", buffering=1)
    last_id = None
    n = 0
    stop = lambda: os.path.exists(args.stop_file)
    while not stop():
        n += 1
        conn = connection(args.url, args.timeout)
        try:
            headers = {"Authorization": "Bearer " + token, "Accept": "text/event-stream"}
            if last_id is not None:
                headers["Last-Event-ID"] = last_id
            conn.request("GET", path, headers=headers)
            r = conn.getresponse()
            conns.write("%d %s %s %s\n" % (n, r.status, r.getheader("X-Served-By"), last_id))
            if r.status != 200:
                r.read()
                time.sleep(0.5)
                continue
            event_id = None
            while not stop():
                line = r.readline()
                if not line:
                    break
                line = line.decode().rstrip("\r\n")
                if line.startswith("id:"):
                    event_id = line[3:].strip()
                elif line == "" and event_id is not None:
                    out.write("%d %s\n" % (n, event_id))
                    last_id = event_id
                    event_id = None
        except (OSError, http.client.HTTPException):
            pass
        finally:
            conn.close()
        time.sleep(0.2)
    return 0


def call(url, method, path, token=None, body=None, content_type="application/json", timeout=10):
    conn = connection(url, timeout)
    try:
        headers = {}
        if token:
            headers["Authorization"] = "Bearer " + token
        if body is not None:
            headers["Content-Type"] = content_type
        conn.request(method, urllib.parse.urlsplit(url).path.rstrip("/") + path, body=body, headers=headers)
        r = conn.getresponse()
        return r.status, {k.lower(): v for k, v in r.getheaders()}, r.read()
    finally:
        conn.close()


def release(args):
    token = open(args.token).read().strip()
    released = []
    for jws in open(args.jws).read().split():
        if len(released) >= args.count:
            break
        status, _, body = call(args.url, "POST", "/api/v1/declarations", token, jws, "application/jose")
        if status != 201:
            sys.exit("submission answered %s: %s" % (status, body[:300]))
        d = json.loads(body)
        if d.get("channel") != "GREEN" or d.get("status") != "AWAITING_PAYMENT":
            continue
        status, _, body = call(args.url, "POST", "/api/v1/declarations/%s/payments" % d["id"], token)
        if status != 201:
            sys.exit("payment answered %s: %s" % (status, body[:300]))
        bank = urllib.parse.urlsplit(json.loads(body)["paymentUrl"])
        bank_origin = "%s://%s" % (bank.scheme, bank.netloc)
        status, _, _ = call(bank_origin, "GET", bank.path + "?" + bank.query)
        if status != 200:
            sys.exit("the bank's payment page answered %s" % status)
        form = urllib.parse.urlencode({"vnp_TxnRef": urllib.parse.parse_qs(bank.query)["vnp_TxnRef"][0],
                                       "bankCode": "VCB", "action": "pay"})
        status, _, body = call(bank_origin, "POST", "/paymentv2/confirm", None, form,
                               "application/x-www-form-urlencoded")
        if status != 302:
            sys.exit("the bank's confirmation answered %s: %s" % (status, body[:300]))
        deadline = time.time() + 30
        while True:
            status, _, body = call(args.url, "GET", "/api/v1/declarations/%s" % d["id"], token)
            if status == 200 and json.loads(body).get("status") == "RELEASED":
                break
            if time.time() > deadline:
                sys.exit("declaration %s not RELEASED within 30 s: %s" % (d["id"], body[:300]))
            time.sleep(0.3)
        released.append(d["id"])
    if len(released) < args.count:
        sys.exit("only %d GREEN declarations released" % len(released))
    with open(args.out, "w") as out:
        out.write("\n".join(released) + "\n")
    return 0


def hold(args):
    token = open(args.token).read().strip()
    body = json.dumps({"reason": "drill: documents to be checked again before exit"})
    status, headers, answer = call(args.url, "POST", "/api/v1/declarations/%s/hold" % args.id, token, body)
    if status != 200:
        sys.exit("hold answered %s: %s" % (status, answer[:300]))
    print(int(time.time() * 1000), headers.get("x-served-by", "direct"))
    return 0


def main():
    p = argparse.ArgumentParser()
    sub = p.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("submit")
    s.add_argument("--url", required=True)
    s.add_argument("--token", required=True)
    s.add_argument("--jws", required=True)
    s.add_argument("--out", required=True)
    s.add_argument("--prefix", required=True)
    s.add_argument("--threads", type=int, default=4)
    s.add_argument("--first", type=int, default=0)
    s.add_argument("--count", type=int, default=0)
    s.add_argument("--rate", type=float, default=0)
    s.add_argument("--timeout", type=float, default=10)
    s.add_argument("--deadline", type=float, default=120)
    s.add_argument("--stop-file")
    r = sub.add_parser("release")
    r.add_argument("--url", required=True)
    r.add_argument("--token", required=True)
    r.add_argument("--jws", required=True)
    r.add_argument("--count", type=int, default=3)
    r.add_argument("--out", required=True)
    h = sub.add_parser("hold")
    h.add_argument("--url", required=True)
    h.add_argument("--token", required=True)
    h.add_argument("--id", required=True)
    e = sub.add_parser("sse")
    e.add_argument("--url", required=True)
    e.add_argument("--token", required=True)
    e.add_argument("--out", required=True)
    e.add_argument("--stop-file", required=True)
    e.add_argument("--timeout", type=float, default=30)
    a = p.parse_args()
    sys.exit({"submit": submit, "release": release, "hold": hold, "sse": sse}[a.cmd](a))


if __name__ == "__main__":
    main()
