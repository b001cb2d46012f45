"""The Scrapy peer of bench/scrape: the same crawl as forge's scrape stage on the bench's card-grid site.

    python3 -m scrapy runspider bench/scrape/peer_spider.py -a start=http://127.0.0.1:PORT/team/ -a out=DIR [-a fsync=0]

What it does, as forge does it for the bench's manifest (card-grid, followProfile off):
- reads robots.txt (ROBOTSTXT_OBEY) and follows the list pages by their "next" links (a.next);
- per card (.team-member): name (.team-member__name), role (.team-member__role), photo URL (the img's data-src, as
  forge's lazy-attribute order has it, else src) and profile link (a.team-member__link), which is recorded but not
  fetched (forge fetches profile pages only with followProfile and a profile selector);
- downloads every photo once and stores it as forge's content store does: DIR/store/<sha256[:2]>/<sha256>, written to a
  temporary file, flushed to the disk (fsync, as forge's ContentStore does; -a fsync=0 turns that off) and renamed;
- writes one JSON line per person to DIR/persons.jsonl (forge writes its catalogue, SQLite).
Politeness off as in the bench's forge arm: no delay, no AutoThrottle, 2 requests at once per host (forge's
PerHostConcurrency default) and 8 in all (forge's MaxParallelFetches), 2 retries, no HTTP cache.
At the end it prints one line "peer: persons=N photos=M requests=R elapsed=S cpu=C" (S from the first request to the
close, C the process's CPU seconds, start-up included).
"""

import hashlib
import json
import os
import resource
import time

import scrapy


class PeerSpider(scrapy.Spider):
    name = "forge-bench-peer"
    custom_settings = {
        "ROBOTSTXT_OBEY": True,
        "DOWNLOAD_DELAY": 0,
        "RANDOMIZE_DOWNLOAD_DELAY": False,
        "AUTOTHROTTLE_ENABLED": False,
        "CONCURRENT_REQUESTS": 8,
        "CONCURRENT_REQUESTS_PER_DOMAIN": 2,
        "CONCURRENT_REQUESTS_PER_IP": 0,
        "RETRY_TIMES": 2,
        "HTTPCACHE_ENABLED": False,
        "COOKIES_ENABLED": False,
        "TELNETCONSOLE_ENABLED": False,
        "LOG_LEVEL": "WARNING",
        "USER_AGENT": "ScrapyPeer (+forge bench)",
        "REQUEST_FINGERPRINTER_IMPLEMENTATION": "2.7",
        "DOWNLOAD_MAXSIZE": 20 * 1024 * 1024,
    }

    def __init__(self, start=None, out=None, fsync="1", **kwargs):
        super().__init__(**kwargs)
        if not start or not out:
            raise ValueError("peer_spider needs -a start=<first list page URL> -a out=<folder>")
        self.start = start
        self.out = out
        self.fsync = fsync not in ("0", "false", "no")
        self.store = os.path.join(out, "store")
        os.makedirs(self.store, exist_ok=True)
        self.persons_file = open(os.path.join(out, "persons.jsonl"), "w", encoding="utf-8")
        self.persons = 0
        self.photos = 0
        self.began = None

    def start_requests(self):
        self.began = time.monotonic()
        yield scrapy.Request(self.start, callback=self.parse_list)

    def parse_list(self, response):
        for card in response.css(".team-member"):
            name = " ".join(card.css(".team-member__name ::text").getall()).strip()
            role = " ".join(card.css(".team-member__role ::text").getall()).strip() or None
            link = card.css("a.team-member__link::attr(href)").get()
            img = card.css("img")
            src = img.attrib.get("data-src") or img.attrib.get("src") if img else None
            person = {
                "name": name,
                "role": role,
                "profile": response.urljoin(link) if link else None,
                "photo": response.urljoin(src) if src else None,
                "page": response.url,
            }
            if person["photo"]:
                yield scrapy.Request(person["photo"], callback=self.save_photo, errback=self.photo_failed,
                                     cb_kwargs={"person": person})
            else:
                self.record(person, None)

        next_page = response.css("a.next::attr(href)").get()
        if next_page:
            yield response.follow(next_page, callback=self.parse_list)

    def save_photo(self, response, person):
        body = response.body
        sha = hashlib.sha256(body).hexdigest()
        folder = os.path.join(self.store, sha[:2])
        path = os.path.join(folder, sha)
        if not (os.path.exists(path) and os.path.getsize(path) == len(body)):
            os.makedirs(folder, exist_ok=True)
            temporary = os.path.join(folder, f".{sha}.{os.getpid()}.{self.photos}.tmp")
            with open(temporary, "wb") as stream:
                stream.write(body)
                stream.flush()
                if self.fsync:
                    os.fsync(stream.fileno())
            os.replace(temporary, path)
        self.photos += 1
        self.record(person, sha)

    def photo_failed(self, failure):
        self.logger.warning("photo download failed: %s", failure.request.url)
        self.record(failure.request.cb_kwargs["person"], None)

    def record(self, person, sha):
        person = dict(person, sha256=sha)
        self.persons_file.write(json.dumps(person, ensure_ascii=False) + "\n")
        self.persons += 1

    def closed(self, reason):
        self.persons_file.close()
        elapsed = time.monotonic() - (self.began or time.monotonic())
        requests = self.crawler.stats.get_value("downloader/request_count", 0)
        usage = resource.getrusage(resource.RUSAGE_SELF)
        cpu = usage.ru_utime + usage.ru_stime
        print(f"peer: persons={self.persons} photos={self.photos} requests={requests} elapsed={elapsed:.3f} cpu={cpu:.3f}"
              f" reason={reason}", flush=True)
