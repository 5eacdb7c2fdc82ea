/*
 * An open-loop HTTP/1.1 load generator in C (like wrk2), the same contract as bench/open-loop.ts:
 * POSTs to OPEN_LOOP_URL at OPEN_LOOP_RPS requests a second for OPEN_LOOP_SECONDS after
 * OPEN_LOOP_WARMUP_SECONDS of warm-up at the same rate, each request timed from when it was due
 * (a late send counts against the latency). Bodies come from OPEN_LOOP_BODY, whose "{unit}" is
 * replaced by a unit id: 70 % new units, 30 % returning ones, the same sequence as open-loop.ts.
 * OPEN_LOOP_AFTER_WARMUP_GET is fetched between warm-up and measurement; OPEN_LOOP_DUMP writes a
 * CSV of every measured request. Prints one JSON line.
 *
 * Why C: the Node client's 1 ms timer sent requests 1.5-1.9 ms late at p50, its GC pauses and
 * event loop added to the tail, and it took a fifth of a core beside the server on 2 cores. This
 * one sleeps until each request is due (epoll_pwait2, nanoseconds), has no GC, and uses a few
 * percent of a core. One request per connection at a time (no pipelining); a request that finds
 * no idle connection opens a new one, so a slow answer never delays the next send.
 *
 * Built by bench/assignment.ts with the system C compiler (cc -O2); Linux only.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_CONNS 1024
#define BUF 16384

typedef struct {
  int fd;
  int busy;
  long n;          /* request number (sequence across warm-up and measurement) */
  double due, sent; /* ms, CLOCK_MONOTONIC */
  int measured;
  int reused;
  char buf[BUF];
  size_t len;
} conn_t;

static conn_t conns[MAX_CONNS];
static int nconns = 0;
static int idle[MAX_CONNS];
static int nidle = 0;
static int ep;
static struct sockaddr_in addr;
static char host[256], path[1024], auth[1024], tmpl[4096];
static long seq = 0;

static double now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static double epoch_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_REALTIME, &t);
  return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static void die(const char *what) {
  perror(what);
  exit(2);
}

static const char *env(const char *name, const char *fallback) {
  const char *v = getenv(name);
  return v && *v ? v : fallback;
}

/* "http://127.0.0.1:3298/api/x" → host, port, path */
static int parse_url(const char *url, char *h, int *port, char *p) {
  if (strncmp(url, "http://", 7)) return -1;
  const char *s = url + 7, *slash = strchr(s, '/'), *colon = strchr(s, ':');
  if (!slash) slash = s + strlen(s);
  if (colon && colon < slash) {
    memcpy(h, s, colon - s);
    h[colon - s] = 0;
    *port = atoi(colon + 1);
  } else {
    memcpy(h, s, slash - s);
    h[slash - s] = 0;
    *port = 80;
  }
  strcpy(p, *slash ? slash : "/");
  return 0;
}

static int connect_to(void) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) die("socket");
  int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  if (connect(fd, (struct sockaddr *)&addr, sizeof addr) < 0) die("connect");
  fcntl(fd, F_SETFL, O_NONBLOCK);
  return fd;
}

static int open_conn(void) {
  if (nconns == MAX_CONNS) return -1;
  int i = nconns++;
  conns[i].fd = connect_to();
  conns[i].busy = 0;
  conns[i].reused = 0;
  struct epoll_event ev = {.events = EPOLLIN, .data.u32 = (uint32_t)i};
  if (epoll_ctl(ep, EPOLL_CTL_ADD, conns[i].fd, &ev) < 0) die("epoll_ctl");
  return i;
}

/* 30 % returning units (an earlier unit id), 70 % new ones: open-loop.ts's unitFor() */
static void unit_for(char *out) {
  long i = seq++;
  if (i > 100 && i % 10 < 3) sprintf(out, "u-%ld", (long)floor(fmod(i * 0.6180339887, 1.0) * i));
  else sprintf(out, "u-%ld", i);
}

typedef struct {
  double *lat, *from_send, *late;
  long ok, errors, cap;
  FILE *dump;
} run_t;

static void send_request(run_t *r, double due, int measured) {
  int i = nidle ? idle[--nidle] : open_conn();
  if (i < 0) {
    r->errors++;
    return;
  }
  conn_t *c = &conns[i];
  char unit[64], body[4400], req[6000];
  unit_for(unit);
  const char *at = strstr(tmpl, "{unit}");
  int blen = at ? snprintf(body, sizeof body, "%.*s%s%s", (int)(at - tmpl), tmpl, unit, at + 6)
                : snprintf(body, sizeof body, "%s", tmpl);
  c->n = seq - 1;
  int len = snprintf(req, sizeof req,
                     "POST %s HTTP/1.1\r\nHost: %s\r\nx-bench-n: %ld\r\nauthorization: %s\r\n"
                     "content-type: application/json\r\ncontent-length: %d\r\nconnection: keep-alive\r\n\r\n%s",
                     path, host, c->n, auth, blen, body);
  c->due = due;
  c->sent = now_ms();
  c->measured = measured;
  c->busy = 1;
  c->len = 0;
  if (write(c->fd, req, len) != len) { /* a request is a few hundred bytes: one write or an error */
    r->errors++;
    c->busy = 0;
    close(c->fd);
    c->fd = connect_to();
    struct epoll_event ev = {.events = EPOLLIN, .data.u32 = (uint32_t)i};
    epoll_ctl(ep, EPOLL_CTL_ADD, c->fd, &ev);
    idle[nidle++] = i;
  }
}

/* A whole response in c->buf? Returns its length, 0 if not yet, -1 if malformed. */
static long complete(conn_t *c, int *status) {
  c->buf[c->len < BUF ? c->len : BUF - 1] = 0;
  char *end = strstr(c->buf, "\r\n\r\n");
  if (!end) return 0;
  *status = atoi(c->buf + 9);
  char *cl = strcasestr(c->buf, "\r\ncontent-length:");
  if (!cl || cl > end) return -1; /* the bench server always sends content-length */
  long body = atol(cl + 17);
  long total = (end + 4 - c->buf) + body;
  return (long)c->len >= total ? total : 0;
}

static void on_readable(run_t *r, int i) {
  conn_t *c = &conns[i];
  for (;;) {
    ssize_t got = read(c->fd, c->buf + c->len, BUF - 1 - c->len);
    if (got > 0) {
      c->len += got;
      continue;
    }
    if (got < 0 && errno == EAGAIN) break;
    /* closed or failed: count the request as an error and reconnect */
    if (c->busy && c->measured) r->errors++;
    epoll_ctl(ep, EPOLL_CTL_DEL, c->fd, NULL);
    close(c->fd);
    c->fd = connect_to();
    struct epoll_event ev = {.events = EPOLLIN, .data.u32 = (uint32_t)i};
    epoll_ctl(ep, EPOLL_CTL_ADD, c->fd, &ev);
    if (c->busy) idle[nidle++] = i;
    c->busy = 0;
    c->len = 0;
    return;
  }
  int status = 0;
  long total = complete(c, &status);
  if (total == 0 || !c->busy) return;
  double t = now_ms();
  if (c->measured) {
    if (total < 0 || status != 200) r->errors++;
    else if (r->ok < r->cap) {
      r->lat[r->ok] = t - c->due;
      r->from_send[r->ok] = t - c->sent;
      r->ok++;
      if (r->dump)
        fprintf(r->dump, "%ld,%.2f,%.2f,%.2f,%d\n", c->n, epoch_ms() - (t - c->sent), c->sent - c->due,
                t - c->sent, c->reused);
    }
  }
  c->busy = 0;
  c->reused = 1;
  c->len = 0;
  idle[nidle++] = i;
}

static void open_loop(run_t *r, double rps, double seconds, int measured) {
  long total = (long)llround(rps * seconds), sent = 0;
  double started = now_ms();
  struct epoll_event evs[64];
  for (;;) {
    double t = now_ms();
    while (sent < total && started + sent * 1000.0 / rps <= t) {
      double due = started + sent * 1000.0 / rps;
      if (measured) r->late[sent] = t - due;
      send_request(r, due, measured);
      sent++;
    }
    int busy = 0;
    for (int i = 0; i < nconns; i++) busy += conns[i].busy;
    if (sent >= total && busy == 0) break;
    struct timespec wait = {1, 0}; /* after the last send: wait for the answers */
    if (sent < total) {
      double ms = started + sent * 1000.0 / rps - now_ms();
      if (ms < 0) ms = 0;
      wait.tv_sec = (time_t)(ms / 1000);
      wait.tv_nsec = (long)((ms - wait.tv_sec * 1000.0) * 1e6);
    }
    int n = epoll_pwait2(ep, evs, 64, &wait, NULL);
    if (n < 0 && errno != EINTR) die("epoll_pwait2");
    for (int k = 0; k < n; k++) on_readable(r, (int)evs[k].data.u32);
    if (sent >= total && now_ms() - started > seconds * 1000 + 30000) break; /* answers lost: give up */
  }
}

static void get_once(const char *url) {
  char h[256], p[1024];
  int port;
  if (parse_url(url, h, &port, p)) return;
  int fd = connect_to();
  fcntl(fd, F_SETFL, 0);
  char req[1400];
  int len = snprintf(req, sizeof req, "GET %s HTTP/1.1\r\nHost: %s\r\nconnection: close\r\n\r\n", p, h);
  if (write(fd, req, len) != len) die("write");
  char buf[4096];
  while (read(fd, buf, sizeof buf) > 0) {
  }
  close(fd);
}

static int cmp(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

static double pct(double *sorted, long n, double p) {
  if (!n) return 0;
  long i = (long)ceil(p / 100 * n) - 1;
  if (i < 0) i = 0;
  if (i >= n) i = n - 1;
  return sorted[i];
}

int main(void) {
  int port;
  if (parse_url(env("OPEN_LOOP_URL", ""), host, &port, path)) {
    fprintf(stderr, "OPEN_LOOP_URL must be http://host:port/path\n");
    return 2;
  }
  snprintf(auth, sizeof auth, "%s", env("OPEN_LOOP_AUTH", ""));
  snprintf(tmpl, sizeof tmpl, "%s", env("OPEN_LOOP_BODY", "{\"unit\":\"{unit}\"}"));
  double rps = atof(env("OPEN_LOOP_RPS", "1000")), seconds = atof(env("OPEN_LOOP_SECONDS", "30")),
         warmup = atof(env("OPEN_LOOP_WARMUP_SECONDS", "5"));
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  if (inet_pton(AF_INET, strcmp(host, "localhost") ? host : "127.0.0.1", &addr.sin_addr) != 1) {
    fprintf(stderr, "OPEN_LOOP_URL: host must be an IPv4 address\n");
    return 2;
  }
  ep = epoll_create1(0);
  if (ep < 0) die("epoll_create1");

  long cap = (long)llround(rps * (seconds > warmup ? seconds : warmup)) + 1;
  run_t r = {calloc(cap, sizeof(double)), calloc(cap, sizeof(double)), calloc(cap, sizeof(double)), 0, 0, cap, NULL};
  if (warmup > 0) open_loop(&r, rps, warmup, 0);
  const char *after = getenv("OPEN_LOOP_AFTER_WARMUP_GET");
  if (after && *after) get_once(after);
  const char *dump = getenv("OPEN_LOOP_DUMP");
  if (dump && *dump) {
    r.dump = fopen(dump, "w");
    if (r.dump) fprintf(r.dump, "n,sentAtEpochMs,lateMs,fromSendMs,reusedSocket\n");
  }
  r.ok = r.errors = 0;
  double t0 = now_ms();
  open_loop(&r, rps, seconds, 1);
  double took = (now_ms() - t0) / 1000;
  if (r.dump) fclose(r.dump);
  long total = (long)llround(rps * seconds);
  qsort(r.lat, r.ok, sizeof(double), cmp);
  qsort(r.from_send, r.ok, sizeof(double), cmp);
  qsort(r.late, total, sizeof(double), cmp);
#define R2(x) (round((x) * 100) / 100)
  printf("{\"requests\":%ld,\"seconds\":%.2f,\"errors\":%ld,\"p50Ms\":%.2f,\"p95Ms\":%.2f,\"p99Ms\":%.2f,"
         "\"maxMs\":%.2f,\"fromSendP50Ms\":%.2f,\"fromSendP99Ms\":%.2f,\"lateP50Ms\":%.2f,\"lateP99Ms\":%.2f,"
         "\"gcPauses\":[],\"connections\":%d}\n",
         r.ok + r.errors, took, r.errors, R2(pct(r.lat, r.ok, 50)), R2(pct(r.lat, r.ok, 95)),
         R2(pct(r.lat, r.ok, 99)), R2(r.ok ? r.lat[r.ok - 1] : 0), R2(pct(r.from_send, r.ok, 50)),
         R2(pct(r.from_send, r.ok, 99)), R2(pct(r.late, total, 50)), R2(pct(r.late, total, 99)), nconns);
  return 0;
}
