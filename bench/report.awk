# Turns the key=value lines of bench/run.sh into the markdown table (portable awk: mawk has no asort).
# Every figure is the median over the rounds; errors are summed over every run.

function median(key,    n, i, j, t, v) {
  n = count[key]
  if (n == 0) return ""
  for (i = 1; i <= n; i++) v[i] = values[key, i]
  for (i = 2; i <= n; i++) { t = v[i]; for (j = i - 1; j >= 1 && v[j] > t; j--) v[j + 1] = v[j]; v[j + 1] = t }
  return n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
}
function add(key, value) { count[key]++; values[key, count[key]] = value }
function fmt(value, digits) { return value == "" ? "—" : sprintf("%." digits "f", value) }
function ratio(a, b) { return (a == "" || b == "" || b == 0) ? "—" : sprintf("%.2f", a / b) }
function diff(a, b) { return (a == "" || b == "" || !has["direct"]) ? "" : a - b }
function verdict(ok) { return ok ? "met" : "**missed**" }
# A proxy cannot be faster than no proxy: an added figure below zero anywhere means direct's own run was disturbed,
# and no added figure of that run can be judged against a goal.
function added_verdict(value, limit, lowest) { return lowest < 0 ? "**inconclusive**" : verdict(value <= limit) }
function lowest_of(key, value) { if (!(key in low) || value < low[key]) low[key] = value }

{
  delete f
  for (i = 1; i <= NF; i++) { split($i, kv, "="); f[kv[1]] = kv[2] }
  t = f["target"]; has[t] = 1
  if (f["phase"] == "throughput") {
    seconds = f["duration_us"] / 1e6
    add(t SUBSEP "rps", f["requests"] / seconds)
    if (t != "direct" && f["requests"] > 0) {
      add(t SUBSEP "cpu", f["cpu_ticks"] * (1e6 / clk) / f["requests"])
      add(t SUBSEP "store_cpu", f["store_ticks"] * (1e6 / clk) / f["requests"])
      # The share of the machine: CPU seconds per second, in cores.
      add(t SUBSEP "share", f["cpu_ticks"] / clk / seconds)
      add(t SUBSEP "store_share", f["store_ticks"] / clk / seconds)
    }
    errors[t] += f["errors"]; total[t] += f["requests"]
  } else if (f["phase"] == "latency") {
    add(t SUBSEP "p50", f["p50_us"] / 1000); add(t SUBSEP "p99", f["p99_us"] / 1000)
    add(t SUBSEP "lat_rps", f["requests"] / (f["duration_us"] / 1e6))
    errors[t] += f["errors"]; total[t] += f["requests"]
  } else if (f["phase"] == "stream") {
    add(t SUBSEP "first50", f["first_p50_us"] / 1000); add(t SUBSEP "first99", f["first_p99_us"] / 1000)
    errors[t] += f["errors"]; total[t] += f["requests"]
  } else if (f["phase"] == "side") {
    side_rounds[f["round"]] = 1; has_side = 1
    side_rps[t, f["round"]] = f["requests"] / (f["duration_us"] / 1e6)
    side_cpu[t, f["round"]] = f["requests"] > 0 ? f["cpu_ticks"] * (1e6 / clk) / f["requests"] : 0
    errors[t] += f["errors"]; total[t] += f["requests"]
  } else if (f["phase"] == "memory") {
    rss[t] = f["rss_kb"] / 1024
  }
}

END {
  name["direct"] = "direct to the mock"; name["nginx"] = "nginx proxy_pass"
  name["portkey"] = "Portkey 1.15.2"; name["switchyard"] = "Switchyard"
  name["floor"] = "floor: Kestrel + HttpClient only"
  name["sockets"] = "sockets floor: .NET sockets only"
  name["floor-rawclient"] = "Kestrel + sockets client"
  name["sockets-httpclient"] = "sockets server + HttpClient"
  name["switchyard-b"] = "Switchyard B" (b_env != "" ? " (" b_env ")" : "") (b_dll != "" ? " (" b_dll ")" : "")
  print "### " date
  print ""
  print "Machine: " machine ". " rounds " interleaved rounds; medians over the rounds."
  print "Other processes kept the machine " busy " busy (CPU, measured with the bench idle); load average " load "."
  if (cpu_idle == "poll") print "CPUs kept out of their halt state for the run (`BENCH_CPU_IDLE=poll`: /dev/cpu_dma_latency held at 0 µs)."
  print ""
  print "| | req/s @" conns " conn | vs direct | vs nginx | CPU µs/req | p50 ms | p99 ms | added p50 ms | added p99 ms | 1st chunk p50 ms | added 1st chunk ms | peak RSS MB | errors / requests |"
  print "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
  n = split(order, targets, " ")
  for (k = 1; k <= n; k++) {
    t = targets[k]
    rps = median(t SUBSEP "rps"); cpu = median(t SUBSEP "cpu")
    p50 = median(t SUBSEP "p50"); p99 = median(t SUBSEP "p99"); first = median(t SUBSEP "first50")
    d50[t] = diff(p50, median("direct" SUBSEP "p50")); d99[t] = diff(p99, median("direct" SUBSEP "p99"))
    dfirst[t] = diff(first, median("direct" SUBSEP "first50"))
    if (t != "direct" && d50[t] != "") { lowest_of("p50", d50[t]); lowest_of("p99", d99[t]); lowest_of("first", dfirst[t]) }
    r[t] = rps; c[t] = cpu
    printf "| %s | %.0f | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %d / %d |\n", name[t], rps,
      ratio(rps, median("direct" SUBSEP "rps")), ratio(rps, median("nginx" SUBSEP "rps")),
      (t == "direct" ? "—" : fmt(cpu, 0)), fmt(p50, 3), fmt(p99, 3),
      (t == "direct" ? "—" : fmt(d50[t], 3)), (t == "direct" ? "—" : fmt(d99[t], 3)),
      fmt(first, 3), (t == "direct" ? "—" : fmt(dfirst[t], 3)),
      (t == "direct" ? "—" : fmt(rss[t], 0)), errors[t], total[t]
  }
  print ""
  printf "Throughput: wrk, 2 threads, %s connections, %s s per run. Latency: wrk, 1 thread, %s connections, each pausing %s ms between its requests (offered ≈ %d req/s; achieved for direct: %s). Stream: %s streamed requests one after another over one keep-alive connection, time from sending to the first body bytes. CPU: user+system time of the proxy's processes during the throughput run, divided by the requests it served.\n", \
    conns, duration, lconns, think, lconns * 1000 / think, fmt(median("direct" SUBSEP "lat_rps"), 0), streams
  if (has_side) {
    print ""
    print "A/B side by side (both gateways at once, " conns / 2 " connections each):"
    print ""
    print "| round | A req/s | B req/s | B/A req/s | A CPU µs/req | B CPU µs/req | B/A CPU |"
    print "|---:|---:|---:|---:|---:|---:|---:|"
    for (k = 1; k <= rounds; k++) {
      if (!(k in side_rounds)) continue
      a = side_rps["switchyard", k]; b = side_rps["switchyard-b", k]
      ca = side_cpu["switchyard", k]; cb = side_cpu["switchyard-b", k]
      printf "| %d | %.0f | %.0f | %s | %s | %s | %s |\n", k, a, b, ratio(b, a), fmt(ca, 0), fmt(cb, 0), ratio(cb, ca)
    }
  }
  if (has["switchyard"]) {
    store = median("switchyard" SUBSEP "store_cpu")
    print ""
    printf "Switchyard's PostgreSQL and Redis (request log) used another %s µs of CPU per request, not counted above.\n", fmt(store, 0)
    if (has["floor"] && c["floor"] > 0 && r["floor"] > 0) {
      print ""
      printf "Against the floor (Kestrel + HttpClient forwarding, nothing else): Switchyard spends %.2f× its CPU per request, reaches %.0f %% of its throughput and adds %s ms to its median (the floor itself adds %s ms to direct).\n", \
        c["switchyard"] / c["floor"], 100 * r["switchyard"] / r["floor"], fmt(d50["switchyard"] - d50["floor"], 3), fmt(d50["floor"], 3)
    }
    # On shared cores a proxy's requests/s is the CPU it gets divided by its CPU per request, so the throughput goal
    # comes down to a CPU budget per request at the share Switchyard got.
    if (has["nginx"] && r["nginx"] > 0) {
      share = median("switchyard" SUBSEP "share")
      shares = ""
      for (k = 1; k <= n; k++) {
        t = targets[k]
        if (t != "direct" && t != "switchyard" && count[t SUBSEP "share"] > 0) shares = shares t " " fmt(median(t SUBSEP "share"), 2) ", "
      }
      print ""
      printf "CPU share during the throughput runs, in cores of the %s: %sswitchyard %s (its PostgreSQL and Redis another %s). At Switchyard's share, 50 %% of nginx's requests/s leaves it %s µs of CPU per request (it used %s%s).\n", \
        cores, shares, fmt(share, 2), fmt(median("switchyard" SUBSEP "store_share"), 2), fmt(share * 1e6 / (0.5 * r["nginx"]), 0), fmt(c["switchyard"], 0), \
        (has["floor"] ? "; the floor, forwarding with nothing else, used " fmt(c["floor"], 0) : "")
    }
    if (has["sockets"] && c["sockets"] > 0 && r["sockets"] > 0) {
      print ""
      printf "Against the sockets floor (plain .NET sockets relaying on the socket threads, no Kestrel, HttpClient or thread pool): Switchyard spends %.2f× its CPU per request, reaches %.0f %% of its throughput and adds %s ms to its median (the sockets floor itself adds %s ms to direct).\n", \
        c["switchyard"] / c["sockets"], 100 * r["switchyard"] / r["sockets"], fmt(d50["switchyard"] - d50["sockets"], 3), fmt(d50["sockets"], 3)
    }
    print ""
    print "| goal | target | measured | |"
    print "|---|---|---|---|"
    printf "| CPU per request | ≤ 100 µs | %s µs | %s |\n", fmt(c["switchyard"], 0), verdict(c["switchyard"] <= 100)
    if (has["nginx"]) printf "| throughput vs nginx | ≥ 50 %% | %.0f %% | %s |\n", 100 * r["switchyard"] / r["nginx"], verdict(r["switchyard"] >= 0.5 * r["nginx"])
    if (has["portkey"]) printf "| throughput vs Portkey | ≥ 20× | %.1f× | %s |\n", r["switchyard"] / r["portkey"], verdict(r["switchyard"] >= 20 * r["portkey"])
    if (has["direct"]) {
      printf "| added latency p50 | ≤ 0.3 ms | %.3f ms | %s |\n", d50["switchyard"], added_verdict(d50["switchyard"], 0.3, low["p50"])
      printf "| added latency p99 | ≤ 1.5 ms | %.3f ms | %s |\n", d99["switchyard"], added_verdict(d99["switchyard"], 1.5, low["p99"])
      printf "| added first chunk (p50) | ≤ 1 ms | %.3f ms | %s |\n", dfirst["switchyard"], added_verdict(dfirst["switchyard"], 1, low["first"])
    }
    printf "| peak RSS | ≤ 200 MB | %.0f MB | %s |\n", rss["switchyard"], verdict(rss["switchyard"] <= 200)
    printf "| errors | 0 | %d of %d | %s |\n", errors["switchyard"], total["switchyard"], verdict(errors["switchyard"] == 0)
    if (has["direct"] && (low["p50"] < 0 || low["p99"] < 0 || low["first"] < 0)) {
      print ""
      print "**Inconclusive** means a proxy measured faster than direct in that column, which no proxy is: direct's own run was disturbed, so none of that column's added figures can be judged. See the raw numbers by round."
    }
  }
}
