#!/usr/bin/env python3
"""Rebuilds the vendored real data sets from the packages they ship in (see README.md here).

    apt-get download python3-sklearn && dpkg-deb -x python3-sklearn_1.2.1+dfsg-1_all.deb sk
    npm pack vega-datasets@3.2.1 && tar xzf vega-datasets-3.2.1.tgz
    python3 extract.py sk/usr/lib/python3/dist-packages/sklearn/datasets/data package/data .

Only numeric columns are kept, in the source's order and with the source's decimals (no rounding,
no rescaling); rows with a missing value are dropped. Nothing else is changed.
"""
import csv, gzip, json, os, sys

sk, vega, out = sys.argv[1:4]


def write(name, header, rows, gz=False):
    path = os.path.join(out, name + (".csv.gz" if gz else ".csv"))
    opener = (lambda p: gzip.open(p, "wt", newline="")) if gz else (lambda p: open(p, "w", newline=""))
    with opener(path) as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


# iris: sklearn's copy of Fisher's iris (first line is "150,4,names..."; the last column is the species).
with open(os.path.join(sk, "iris.csv")) as f:
    lines = list(csv.reader(f))[1:]
write("iris", ["sepal_length", "sepal_width", "petal_length", "petal_width"], [r[:4] for r in lines])

# digits: sklearn's 8x8 optical digits, 64 pixel counts 0..16 then the label (dropped).
with gzip.open(os.path.join(sk, "digits.csv.gz"), "rt") as f:
    lines = list(csv.reader(f))
write("digits", ["p%d" % i for i in range(64)], [[str(int(float(v))) for v in r[:64]] for r in lines], gz=True)

# penguins: Palmer penguins (vega-datasets copy); the four measurements, complete rows only.
cols = ["Beak Length (mm)", "Beak Depth (mm)", "Flipper Length (mm)", "Body Mass (g)"]
rows = [[r[c] for c in cols] for r in json.load(open(os.path.join(vega, "penguins.json")))]
write("penguins", ["beak_length_mm", "beak_depth_mm", "flipper_length_mm", "body_mass_g"],
      [r for r in rows if None not in r])

# seattle weather: daily NOAA observations 2012-2015.
with open(os.path.join(vega, "seattle-weather.csv")) as f:
    rows = [[r["precipitation"], r["temp_max"], r["temp_min"], r["wind"]] for r in csv.DictReader(f)]
write("seattle-weather", ["precipitation_mm", "temp_max_c", "temp_min_c", "wind_ms"], rows)

# earthquakes: one week of the USGS feed (2018-01-31..02-07): longitude, latitude, depth in km.
feed = json.load(open(os.path.join(vega, "earthquakes.json")))
write("quakes", ["longitude", "latitude", "depth_km"],
      [[repr(c) for c in q["geometry"]["coordinates"]] for q in feed["features"]])

# airports: FAA airports of the US and territories: longitude, latitude.
with open(os.path.join(vega, "airports.csv")) as f:
    write("airports", ["longitude", "latitude"], [[r["longitude"], r["latitude"]] for r in csv.DictReader(f)])

# hourly temperature normals at Seattle (NOAA 1981-2010 normals, one value per hour of a year):
# the series only; the loader builds the delay embedding.
with open(os.path.join(vega, "seattle-weather-hourly-normals.csv")) as f:
    write("seattle-hourly-temperature", ["temperature_c"], [[r["temperature"]] for r in csv.DictReader(f)])
