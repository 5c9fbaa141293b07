"""Time the WordPress import of one very long post and measure its peak memory.

    python bench/big_post_bench.py [--megabytes 20] [--profile]

Writes an export holding a single classic-editor post of the given size (paragraphs, headings,
lists, a table, links, captioned photos, code), then imports it into a fresh SQLite database in
a fresh process and prints the time the import took and the process's peak memory (RSS), with
the machine's load average. On a shared machine the processor time the import used says more than
the time it took. Issue 16's target: 20 MB in under 10 s and 300 MB. --profile prints
the functions that took longest instead (cProfile, cumulative time).
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_SECONDS = 10
# How fast the machine runs Python, to read TARGET_SECONDS on a slower one: yardstick() took
# about 0.23 s on a machine as fast as the one where the target was met in 6.2 s (estimated: a
# machine 2.5 times slower, where it took 0.57 s, imported the post in 15.3 s). On a machine
# slower than that, the target grows in proportion (target_seconds()).
YARDSTICK_REFERENCE_SECONDS = 0.23
TARGET_MB = 300

# One block of what a long classic-editor post holds; repeated to the size wanted.
BLOCK = """The budget for next year protects the services residents use most [see note] and \
keeps council tax below inflation.
Figures follow in the tables below, with <a href="https://old.example/2013/05/budget/">last \
year's</a> for comparison.

<h3>What changes</h3>
<ul>
<li>Libraries open on Saturday afternoons</li>
<li>Road repairs brought forward&nbsp;&nbsp;by a year</li>
</ul>

[caption id="attachment_7" align="alignright" width="300"]<img src="https://old.example/\
wp-content/uploads/2013/05/bridge.jpg" alt="The new bridge" width="300" height="200" /> \
The new bridge[/caption]

<table><tr><th>Ward</th><th>Spend</th></tr><tr><td>North</td><td>&pound;4,210</td></tr></table>

<pre>SELECT ward, SUM(spend)
  FROM budget
 GROUP BY ward;</pre>

<blockquote>We saw twice as many visitors this autumn as last year.</blockquote>
<a href="#">More</a> &amp; <strong>thanks</strong> to the <em>teams</em> who made it happen.

"""


def write_export(path, megabytes):
    body = BLOCK * (megabytes * 1_000_000 // len(BLOCK))
    with open(path, "w", encoding="utf-8") as out:
        out.write(
            '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" '
            'xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" '
            'xmlns:wp="http://wordpress.org/export/1.2/">\n<channel>\n'
            "<title>Old blog</title><link>https://old.example</link>\n"
            "<wp:wxr_version>1.2</wp:wxr_version>\n"
            "<wp:base_blog_url>https://old.example</wp:base_blog_url>\n"
            "<wp:author><wp:author_login>chief</wp:author_login>"
            "<wp:author_email>chief@old.example</wp:author_email></wp:author>\n"
            "<item><title>The whole budget</title>"
            "<link>https://old.example/2013/05/16/the-whole-budget/</link>"
            "<dc:creator><![CDATA[chief]]></dc:creator>"
            f"<content:encoded><![CDATA[{body}]]></content:encoded>"
            "<excerpt:encoded><![CDATA[]]></excerpt:encoded>"
            "<wp:post_id>1</wp:post_id><wp:post_date>2013-05-16 09:30:00</wp:post_date>"
            "<wp:post_date_gmt>2013-05-16 08:30:00</wp:post_date_gmt>"
            "<wp:comment_status>open</wp:comment_status>"
            "<wp:post_name>the-whole-budget</wp:post_name><wp:status>publish</wp:status>"
            "<wp:post_type>post</wp:post_type><wp:post_password></wp:post_password>"
            "<wp:is_sticky>0</wp:is_sticky></item>\n"
            "</channel>\n</rss>\n"
        )


def child(export, profile):
    """Migrate the database named by DATABASE_URL, import export, print the numbers as JSON."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ceoblog.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from posts.models import Post
    from wordpress.importer import WordPressImport

    call_command("migrate", verbosity=0)
    machine = yardstick()
    before = _peak_rss_mb()
    cpu_before = _cpu_seconds()
    start = time.perf_counter()
    if profile:
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        profiler.runcall(WordPressImport(export).run)
        pstats.Stats(profiler, stream=sys.stderr).sort_stats("cumulative").print_stats(40)
    else:
        WordPressImport(export).run()
    seconds = time.perf_counter() - start
    cpu = _cpu_seconds() - cpu_before
    peak = _peak_rss_mb()
    body = Post.objects.values_list("body", flat=True).get()
    print(
        json.dumps(
            {
                "seconds": round(seconds, 1),
                "cpu_seconds": round(cpu, 1),
                "peak_rss_mb": round(peak, 1),
                "before_import_rss_mb": round(before, 1),
                "body_mb": round(len(body) / 1_000_000, 1),
                "load": round(os.getloadavg()[0], 1),
                "yardstick_seconds": round(machine, 3),
            }
        )
    )


def yardstick():
    """Return the seconds a fixed piece of pure-Python work takes here (the best of three)."""
    times = []
    for _ in range(3):
        start = time.perf_counter()
        totals = {}
        for number in range(3_000_000):
            totals[number % 1000] = totals.get(number % 1000, 0) + number
        times.append(time.perf_counter() - start)
    return min(times)


def target_seconds(yardstick_seconds):
    """Return TARGET_SECONDS, grown in proportion on a machine slower than the reference."""
    return TARGET_SECONDS * max(1.0, yardstick_seconds / YARDSTICK_REFERENCE_SECONDS)


def _peak_rss_mb():
    """Return this process's peak resident memory in MB.

    Linux's VmHWM, where there is one: getrusage's ru_maxrss counts, after the exec that started
    this process, the memory of the process that started it (pytest's, in the timing test).
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _cpu_seconds():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--megabytes", type=int, default=20)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.child:
        child(options.child, options.profile)
        return
    with tempfile.TemporaryDirectory(prefix="big-post-bench-") as folder:
        export = Path(folder) / "export.xml"
        write_export(export, options.megabytes)
        env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{Path(folder) / 'bench.sqlite3'}",
            "DJANGO_DEBUG": "false",
            "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY", "django-insecure-bench"),
        }
        command = [sys.executable, __file__, "--child", str(export)]
        result = subprocess.run(
            command + (["--profile"] if options.profile else []),
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        if options.profile:
            print(result.stderr)
        if result.returncode:
            sys.exit(f"The import failed:\n{result.stderr}")
        numbers = json.loads(result.stdout.strip().splitlines()[-1])
        size = export.stat().st_size / 1_000_000
        target = target_seconds(numbers["yardstick_seconds"])
        within = numbers["seconds"] < target and numbers["peak_rss_mb"] < TARGET_MB
        print(
            f"One post, export {size:.1f} MB: {numbers['seconds']:.1f} s "
            f"({numbers['cpu_seconds']:.1f} s of processor time), peak RSS "
            f"{numbers['peak_rss_mb']:.0f} MB (before import {numbers['before_import_rss_mb']:.0f}"
            f" MB), saved body {numbers['body_mb']} MB; target {target:.1f} s ({TARGET_SECONDS} s"
            f" at the reference speed; yardstick {numbers['yardstick_seconds']} s) and "
            f"{TARGET_MB} MB: {'within' if within else 'OVER'}; load {numbers['load']}"
        )


if __name__ == "__main__":
    main()
