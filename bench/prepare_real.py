#!/usr/bin/python3
"""Prepares public behaviour datasets for bench/quality.py --dataset (see bench/README.md, "Real datasets").

The raw files are fetched by hand (their licences forbid redistribution: never commit them) into
/work/datasets/<name>/ (or --raw DIR) and turned into:

    <out>/<name>/sequences.tsv                 user<TAB>b1->b2->…  (time order, the first 80 % of each timeline)
    <out>/<name>/labels.json                   label names, kinds, base rates
    <out>/<name>/labels/<label>.s<k>.train.tsv user<TAB>0|1 (split k = 1, 2, 3: 70 % of the users, seeded)
    <out>/<name>/labels/<label>.s<k>.test.tsv  the other 30 % (explicit test set)

Label kinds:
* future: does the user do X in the last 20 % of their timeline (judged from the first 80 %, which is the sequence);
* attribute: a user attribute the dataset publishes (MovieLens 100k: gender, age, occupation).

Datasets: ml-latest-small (ratings.csv, movies.csv, tags.csv), ml-100k (u.data, u.item, u.user),
hetrec2011-lastfm-2k (user_taggedartists.dat, artists.dat, tags.dat).

    /usr/bin/python3 bench/prepare_real.py                       # all three, from /work/datasets to bench/data/real
    /usr/bin/python3 bench/prepare_real.py ml-100k --raw /path/to/ml-100k
"""
import argparse
import csv
import json
import os
import random
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATASETS = ["ml-latest-small", "ml-100k", "hetrec2011-lastfm-2k"]
SPLITS = 3
TRAIN_SHARE = 0.7
PAST_SHARE = 0.8
MIN_EVENTS = 5


def clean(text):
    """Behaviour text without the characters the sequence format reserves."""
    return " ".join(text.replace("->", "-").replace("\t", " ").split())


def stars(rating):
    return f"{float(rating):g}"


# ----------------------------------------------------------------------------------------------------------------
# Readers: each returns ({user: [(time, order, behaviour text, facets)]}, {user: {attribute: value}}),
# facets being the set of "families" an event belongs to (genres, tags) for the future labels.

def read_ml_latest_small(raw):
    movies = {}
    with open(os.path.join(raw, "movies.csv"), encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            genres = [g for g in row["genres"].split("|") if g != "(no genres listed)"]
            movies[row["movieId"]] = (clean(row["title"]), genres)
    events = {}
    with open(os.path.join(raw, "ratings.csv"), encoding="utf-8", newline="") as f:
        for i, row in enumerate(csv.DictReader(f)):
            title, genres = movies[row["movieId"]]
            text = f"rate {stars(row['rating'])}: {title} | {' '.join(genres)}"
            events.setdefault(row["userId"], []).append((int(row["timestamp"]), i, text, set(genres)))
    with open(os.path.join(raw, "tags.csv"), encoding="utf-8", newline="") as f:
        for i, row in enumerate(csv.DictReader(f)):
            title, genres = movies[row["movieId"]]
            text = f"tag {clean(row['tag']).lower()}: {title}"
            events.setdefault(row["userId"], []).append((int(row["timestamp"]), 10_000_000 + i, text, set()))
    return events, {}


ML100K_GENRES = ["unknown", "Action", "Adventure", "Animation", "Children's", "Comedy", "Crime", "Documentary", "Drama",
                 "Fantasy", "Film-Noir", "Horror", "Musical", "Mystery", "Romance", "Sci-Fi", "Thriller", "War", "Western"]


def read_ml_100k(raw):
    movies = {}
    with open(os.path.join(raw, "u.item"), encoding="latin-1") as f:
        for line in f:
            parts = line.rstrip("\n").split("|")
            genres = [g for g, flag in zip(ML100K_GENRES, parts[5:24]) if flag == "1" and g != "unknown"]
            movies[parts[0]] = (clean(parts[1]), genres)
    events = {}
    with open(os.path.join(raw, "u.data"), encoding="latin-1") as f:
        for i, line in enumerate(f):
            user, item, rating, ts = line.split()
            title, genres = movies[item]
            text = f"rate {rating}: {title} | {' '.join(genres)}"
            events.setdefault(user, []).append((int(ts), i, text, set(genres)))
    attributes = {}
    with open(os.path.join(raw, "u.user"), encoding="latin-1") as f:
        for line in f:
            user, age, gender, occupation, _ = line.rstrip("\n").split("|")
            if user == "0":
                continue  # some copies carry a placeholder row
            attributes[user] = {"age": int(age), "gender": gender, "occupation": occupation}
    return events, attributes


def read_lastfm(raw):
    def table(name):
        with open(os.path.join(raw, name), encoding="utf-8", errors="replace") as f:
            next(f)
            return [line.rstrip("\n").split("\t") for line in f if line.strip()]
    artists = {r[0]: clean(r[1]) for r in table("artists.dat")}
    tags = {r[0]: clean(r[1]).lower() for r in table("tags.dat")}
    events = {}
    for i, (user, artist, tag, day, month, year) in enumerate(table("user_taggedartists.dat")):
        if artist not in artists or tag not in tags:
            continue
        t = int(year) * 10000 + int(month) * 100 + int(day)  # day resolution: ties keep file order
        name = tags[tag]
        facets = {w for w in ("rock", "pop", "electronic", "metal", "indie", "jazz", "hip hop", "female vocalists")
                  if w in name}
        events.setdefault(user, []).append((t, i, f"tag {name}: {artists[artist]}", facets))
    return events, {}


# ----------------------------------------------------------------------------------------------------------------
# Labels

FUTURE = {
    "ml-latest-small": {"future_horror": "Horror", "future_animation": "Animation", "future_musical": "Musical"},
    "ml-100k": {"future_horror": "Horror", "future_animation": "Animation", "future_musical": "Musical"},
    "hetrec2011-lastfm-2k": {"future_rock": "rock", "future_electronic": "electronic", "future_pop": "pop"},
}
ATTRIBUTES = {
    "ml-100k": {
        "attr_female": lambda a: a["gender"] == "F",
        "attr_age_under_30": lambda a: a["age"] < 30,
        "attr_student": lambda a: a["occupation"] == "student",
    },
}


def prepare(name, raw, out):
    reader = {"ml-latest-small": read_ml_latest_small, "ml-100k": read_ml_100k,
              "hetrec2011-lastfm-2k": read_lastfm}[name]
    events, attributes = reader(raw)
    users = sorted((u for u, e in events.items() if len(e) >= MIN_EVENTS), key=lambda u: (len(u), u))
    target = os.path.join(out, name)
    os.makedirs(os.path.join(target, "labels"), exist_ok=True)
    labels = {k: {} for k in list(FUTURE.get(name, {})) + list(ATTRIBUTES.get(name, {}))}
    behaviours = 0
    with open(os.path.join(target, "sequences.tsv"), "w", encoding="utf-8", newline="\n") as f:
        for u in users:
            timeline = sorted(events[u], key=lambda e: (e[0], e[1]))
            cut = int(len(timeline) * PAST_SHARE)
            past, future = timeline[:cut], timeline[cut:]
            behaviours += len(past)
            f.write(f"u{u}\t" + "->".join(e[2] for e in past) + "\n")
            for label, facet in FUTURE.get(name, {}).items():
                labels[label][f"u{u}"] = int(any(facet in e[3] for e in future))
            for label, rule in ATTRIBUTES.get(name, {}).items():
                labels[label][f"u{u}"] = int(rule(attributes[u]))
    summary = {"dataset": name, "users": len(users), "behaviours": behaviours, "splits": SPLITS,
               "train_share": TRAIN_SHARE, "past_share": PAST_SHARE, "labels": {}}
    for label, values in labels.items():
        kind = "future" if label.startswith("future_") else "attribute"
        summary["labels"][label] = {"kind": kind, "base_rate": round(sum(values.values()) / len(values), 4)}
        for k in range(1, SPLITS + 1):
            order = list(users)
            random.Random(f"{name}:{k}").shuffle(order)
            n_train = int(len(order) * TRAIN_SHARE)
            for part, members in (("train", order[:n_train]), ("test", order[n_train:])):
                with open(os.path.join(target, "labels", f"{label}.s{k}.{part}.tsv"), "w", encoding="utf-8", newline="\n") as f:
                    for u in members:
                        f.write(f"u{u}\t{values[f'u{u}']}\n")
    with open(os.path.join(target, "labels.json"), "w", encoding="utf-8") as f:
        json.dump(summary, f, indent=1)
    print(json.dumps(summary), file=sys.stderr)
    return summary


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("datasets", nargs="*", help=f"any of {', '.join(DATASETS)} (default: all)")
    parser.add_argument("--raw", help="the raw files' folder (default /work/datasets/<name>; one dataset only)")
    parser.add_argument("--out", default=os.path.join(ROOT, "bench", "data", "real"))
    args = parser.parse_args()
    args.datasets = args.datasets or DATASETS
    for name in args.datasets:
        if name not in DATASETS:
            parser.error(f"unknown dataset {name}")
    if args.raw and len(args.datasets) != 1:
        parser.error("--raw needs exactly one dataset")
    for name in args.datasets:
        prepare(name, args.raw or os.path.join("/work/datasets", name), args.out)


if __name__ == "__main__":
    main()
