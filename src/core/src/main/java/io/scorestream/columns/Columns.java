package io.scorestream.columns;

import io.scorestream.columns.ColumnOptions.TransformChoice;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.quantilescommon.QuantileSearchCriteria;
import org.ejml.data.DMatrixRMaj;

import java.util.ArrayList;
import java.util.List;


/**
 * The columns section of a model: per column the monotone transform onto the diffusion's latent
 * axis and the value type its output is snapped to. Learned once per partition version from
 * {@link ColumnSketches} and frozen with the partitions, so every statistic of a version is
 * gathered on the same latent coordinates.
 */
public record Columns(ColumnTransform[] transforms, ColumnTypes types, RepeatedRows repeated, LinearRelations relations, LabelConditionals labels,
                      OrderRelations orders) {
    private static final long DEQUANTISE_SALT = 0x0DE9_A471_5EEDL;
    /** Share of the rows a value needs to count towards a few-valued column (a finite column's rare values each hold a sliver). */
    private static final double FEW_VALUED_SHARE = 0.01;

    public Columns {
        if (transforms.length != types.dimension()) throw new IllegalArgumentException(transforms.length + " transforms for " + types.dimension() + " types");
        if (repeated.dimension() != transforms.length) throw new IllegalArgumentException("repeated rows of dimension " + repeated.dimension() + " for " + transforms.length + " columns");
        if (relations.dimension() != transforms.length) throw new IllegalArgumentException("relations over " + relations.dimension() + " columns for " + transforms.length);
        if (labels.dimension() != transforms.length) throw new IllegalArgumentException("label laws over " + labels.dimension() + " columns for " + transforms.length);
        if (orders.dimension() != transforms.length) throw new IllegalArgumentException("orders over " + orders.dimension() + " columns for " + transforms.length);
        transforms = transforms.clone();
    }

    /** Columns without orders among them. */
    public Columns(ColumnTransform[] transforms, ColumnTypes types, RepeatedRows repeated, LinearRelations relations, LabelConditionals labels) {
        this(transforms, types, repeated, relations, labels, OrderRelations.none(transforms.length));
    }

    /** Columns whose labels, if any, are rounded from the diffusion's coordinates. */
    public Columns(ColumnTransform[] transforms, ColumnTypes types, RepeatedRows repeated, LinearRelations relations) {
        this(transforms, types, repeated, relations, LabelConditionals.none(transforms.length));
    }

    /** Columns without exact linear relations. */
    public Columns(ColumnTransform[] transforms, ColumnTypes types, RepeatedRows repeated) {
        this(transforms, types, repeated, LinearRelations.none(transforms.length));
    }

    /** Columns without repeated row values or relations. */
    public Columns(ColumnTransform[] transforms, ColumnTypes types) { this(transforms, types, RepeatedRows.none(transforms.length)); }

    /** The same columns with these repeated row values (generated as copies at their share). */
    public Columns withRepeated(RepeatedRows rows) { return new Columns(transforms, types, rows, relations, labels, orders); }

    /** The same columns with these exact linear relations (generated rows are moved onto them). */
    public Columns withRelations(LinearRelations found) { return new Columns(transforms, types, repeated, found, labels, orders); }

    /** The same columns with these orders among them (generated rows are put back in order). */
    public Columns withOrders(OrderRelations found) { return new Columns(transforms, types, repeated, relations, labels, found); }

    /** The same columns with these laws of their labels given the other columns ({@link LabelConditionals}). */
    public Columns withLabels(LabelConditionals laws) { return new Columns(transforms, types, repeated, relations, laws, orders); }

    public int dimension() { return transforms.length; }
    public ColumnTransform transform(int column) { return transforms[column]; }

    /** The plain standardiser (mean, scale per column) and no type: the model before column types. */
    public static Columns affine(double[] mean, double[] scale) {
        ColumnTransform[] t = new ColumnTransform[mean.length];
        for (int j = 0; j < t.length; j++) t[j] = ColumnTransform.affine(mean[j], scale[j], 0);
        return new Columns(t, ColumnTypes.any(mean.length));
    }

    public static Columns learn(DMatrixRMaj rows, ColumnOptions options) { return learn(ColumnSketches.of(rows), options); }

    public static Columns learn(ColumnSketches sketches, ColumnOptions options) { return learn(sketches, sketches, options); }

    /**
     * The types learned from typed's rows (every row: a value only repeated rows hold is still one
     * of the column's), the transforms from mapped's (the rows the cells learn; see {@link RepeatedRows}).
     */
    public static Columns learn(ColumnSketches typed, ColumnSketches mapped, ColumnOptions options) {
        int d = typed.dimension();
        if (mapped.dimension() != d) throw new IllegalArgumentException("sketches of " + d + " and " + mapped.dimension() + " columns");
        for (int column : options.overrides().keySet())
            if (column >= d) throw new IllegalArgumentException("column override for column " + (column + 1) + ", but the data has " + d + " columns");
        ColumnTransform[] transforms = new ColumnTransform[d];
        ColumnType[] types = new ColumnType[d];
        // Columns in parallel: each reads its own sketch's sorted view (a sort of up to 65 535 values).
        java.util.stream.IntStream.range(0, d).parallel().forEach(j -> {
            KllDoublesSketch sketch = typed.sketch(j), mapSketch = mapped.sketch(j);
            ColumnOptions.Override o = options.overrides().get(j);
            // A step given for the column (real, integer, step=H) says what its values are: not a finite set.
            boolean finiteAllowed = o == null || o.step() == null;
            ColumnType type = options.learnTypes() ? ColumnType.learn(sketch, options.pointMassShare(), finiteAllowed) : ColumnType.ANY;
            TransformChoice choice = options.transform();
            if (o != null) {
                if (o.step() != null) type = type.withLattice(o.step(), 0);
                if (o.lower() != null || o.upper() != null)
                    type = type.withBounds(o.lower() != null ? o.lower() : type.lower(), o.upper() != null ? o.upper() : type.upper());
                if (o.transform() != null) choice = o.transform();
            }
            types[j] = type;
            if (choice == TransformChoice.AUTO) choice = choose(mapSketch, type);
            transforms[j] = choice == TransformChoice.QUANTILE && !mapSketch.isEmpty() && mapSketch.getMaxItem() > mapSketch.getMinItem()
                    ? ColumnTransform.quantile(mapped, j, type)
                    : ColumnTransform.affine(mapped, j, type.step());
        });
        return new Columns(transforms, new ColumnTypes(types));
    }

    /**
     * The quantile map for a column with point masses, or a skewed or heavy-tailed one; the affine
     * map for the rest. Measured on the sketch's quantiles: outer skewness
     * (q₉₉ + q₀₁ − 2q₅₀)/(q₉₉ − q₀₁) (0 for a Gaussian) above 0.3 in size, or tail weight
     * (q₉₉ − q₀₁)/(q₇₅ − q₂₅) (3.45 for a Gaussian, 5.6 for a Laplace) above 4.5 — skewness only
     * where the tails are at least Gaussian (tail weight ≥ 3): a multimodal column has light tails
     * (1.5 on the gmm benchmark, skewed −0.5 by its unequal weights) and keeps the affine map,
     * which leaves its modes where they are relative to the other columns.
     *
     * <p>The 1 % quantiles miss outliers rarer than 1 %, and the affine map's scale is the standard
     * deviation, which a few gross outliers inflate until the other rows collapse onto a point in
     * latent units (0.2 % of rows at 1 000 times the scale: C2ST 0.785 against EM's 0.550). So a
     * column whose extreme reaches more than {@value #EXTREME_REACH} times as far from its median as
     * the extreme of as many Gaussian rows of its interquartile spread would (z of 1 − 1/(2n)) is
     * heavy-tailed too.
     */
    static TransformChoice choose(KllDoublesSketch sketch, ColumnType type) {
        if (sketch.isEmpty() || sketch.getMaxItem() == sketch.getMinItem()) return TransformChoice.AFFINE;
        if (type.atoms().length > 0) return TransformChoice.QUANTILE;
        double[] q = sketch.getQuantiles(new double[]{0.01, 0.25, 0.5, 0.75, 0.99}, QuantileSearchCriteria.INCLUSIVE);
        double outer = q[4] - q[0], inner = q[3] - q[1];
        if (!(inner > 0) || !(outer > 0)) return TransformChoice.QUANTILE;
        double skew = (q[4] + q[0] - 2 * q[2]) / outer, tails = outer / inner;
        double gaussianReach = inner / IQR_PER_SD * ColumnTransform.normalQuantile(1 - 0.5 / Math.max(sketch.getN(), 2));
        double reach = Math.max(sketch.getMaxItem() - q[2], q[2] - sketch.getMinItem());
        if (reach > EXTREME_REACH * gaussianReach) return TransformChoice.QUANTILE;
        return tails > 4.5 || (Math.abs(skew) > 0.3 && tails >= 3) ? TransformChoice.QUANTILE : TransformChoice.AFFINE;
    }

    /** How many times a Gaussian's extreme a column's must reach to count as heavy-tailed (Laplace rows reach about 2.1). */
    static final double EXTREME_REACH = 2;
    /** The interquartile range of a standard Gaussian, 2·Φ⁻¹(0.75). */
    private static final double IQR_PER_SD = 1.3489795;

    /** Whether every column has the affine map (only then is a Gaussian mixture in data units one in latent units). */
    public boolean allAffine() {
        for (ColumnTransform t : transforms) if (t.kind() != ColumnTransform.Kind.AFFINE) return false;
        return true;
    }

    /**
     * Every column's affine map as {mean, scale} (for comparing with a truth given in data units);
     * refused when a column has another transform, for which no Gaussian mixture stays one.
     */
    public double[][] affineMaps() {
        double[][] out = new double[2][transforms.length];
        for (int j = 0; j < transforms.length; j++) {
            if (transforms[j].kind() != ColumnTransform.Kind.AFFINE)
                throw new IllegalStateException(describe(j) + ": the exact score of a mixture needs the affine transform on every column (fit with --transform affine)");
            out[0][j] = transforms[j].mean();
            out[1][j] = transforms[j].scale();
        }
        return out;
    }

    /** Latent rows of raw rows at stream positions (positions[i], or firstPosition + i when positions is null). */
    public void forward(DMatrixRMaj rows, long[] positions, long firstPosition, DMatrixRMaj out) {
        int d = transforms.length;
        out.reshape(rows.numRows, d);
        for (int i = 0; i < rows.numRows; i++) {
            long position = positions != null ? positions[i] : firstPosition + i;
            for (int j = 0; j < d; j++)
                out.data[i * d + j] = transforms[j].forward(rows.data[i * d + j], uniform(position, j));
        }
    }

    /** Σ_j log dz_j/dx_j of a raw row at a stream position: its log density in data units is its latent log density plus this. */
    public double logJacobian(double[] raw, int offset, long position) {
        double sum = 0;
        for (int j = 0; j < transforms.length; j++) sum += transforms[j].logSlope(raw[offset + j], uniform(position, j));
        return sum;
    }

    /**
     * A raw row's log density in data units from its latent log density (plus {@link #logJacobian}),
     * or NaN where a column's map gives the row no density at all ({@link #hasDensity}).
     */
    public double logDensityInDataUnits(double latentLogDensity, double[] raw, int offset, long position) {
        return hasDensity(raw, offset, position) ? latentLogDensity + logJacobian(raw, offset, position) : Double.NaN;
    }

    /** Whether every column's map gives the raw row some density ({@link ColumnTransform#hasDensityAt}). */
    public boolean hasDensity(double[] raw, int offset, long position) {
        for (int j = 0; j < transforms.length; j++) if (!transforms[j].hasDensityAt(raw[offset + j], uniform(position, j))) return false;
        return true;
    }

    /**
     * The parameters the columns' maps read off the data they are judged on: two per affine map,
     * one per segment of a quantile map (its knots are the data's own quantiles). A map judged on
     * the rows it was learned from scores about this many nats too high in all (Akaike), so a
     * fair held-out figure subtracts it: a 500-knot map of 4 000 Gaussian rows scored 0.07 nats a
     * row above the true density on its own rows and 0.13 below it on fresh ones.
     */
    public double mapParameters() {
        double k = 0;
        for (ColumnTransform t : transforms) k += t.kind() == ColumnTransform.Kind.AFFINE ? 2 : t.knotX().length - 1;
        return k;
    }

    /**
     * The same columns with the affine map, fitted to rows, on every column that has a quantile
     * map and no transform fixed by an override, except columns with point masses off a lattice
     * (their atoms are spikes that only the quantile map can carry): the alternative that auto's
     * rule-based choice is checked against. On a lattice both maps see the same dequantised
     * values, so a flag's or a count's two candidates are judged on the same footing. This, when
     * no column qualifies.
     */
    public Columns affineWhereSmooth(DMatrixRMaj rows, ColumnOptions options) {
        return affineOn(rows, java.util.stream.IntStream.range(0, transforms.length).filter(j -> {
            ColumnOptions.Override o = options.overrides().get(j);
            boolean spikes = transforms[j].atoms().length > 0 && !(transforms[j].step() > 0);
            return transforms[j].kind() == ColumnTransform.Kind.QUANTILE && !spikes && (o == null || o.transform() == null);
        }).toArray());
    }

    /**
     * The quantile-mapped lattice columns no override fixes (counts, rounded values): where a
     * mixture's likelihood and the samples can disagree about the map ({@code MapsJudge}).
     */
    public int[] quantileMappedLattices(ColumnOptions options) {
        return java.util.stream.IntStream.range(0, transforms.length).filter(j -> {
            ColumnOptions.Override o = options.overrides().get(j);
            return transforms[j].kind() == ColumnTransform.Kind.QUANTILE && transforms[j].step() > 0 && (o == null || o.transform() == null);
        }).toArray();
    }

    /** The same columns with the affine map, fitted to rows, on these columns (their dequantisation spread kept); this, when there are none. */
    public Columns affineOn(DMatrixRMaj rows, int[] columns) {
        if (columns.length == 0) return this;
        ColumnTransform[] out = transforms.clone();
        int n = rows.numRows, d = rows.numCols;
        for (int j : columns) {
            double mean = 0, squares = 0;
            for (int i = 0; i < n; i++) mean += rows.data[i * d + j] / n;
            for (int i = 0; i < n; i++) squares += (rows.data[i * d + j] - mean) * (rows.data[i * d + j] - mean);
            double sd = Math.sqrt(squares / Math.max(n - 1, 1));
            out[j] = ColumnTransform.affine(mean, sd > 1e-12 * (1 + Math.abs(mean)) ? sd : 1, out[j].step()).withSpread(out[j].spread());
        }
        return new Columns(out, types, repeated, relations, labels, orders);
    }

    /**
     * The same columns with a quantile map, read off rows and kept on each column's type, on every
     * affine column that no override fixes and that takes more than one value: the alternative
     * to a rule that chose affine maps throughout. This, when no column qualifies.
     */
    public Columns quantileWhereAffine(DMatrixRMaj rows, ColumnOptions options) {
        ColumnTransform[] out = transforms.clone();
        ColumnSketches sketches = null;
        for (int j = 0; j < out.length; j++) {
            ColumnOptions.Override o = options.overrides().get(j);
            if (out[j].kind() != ColumnTransform.Kind.AFFINE || (o != null && o.transform() != null)) continue;
            if (sketches == null) sketches = ColumnSketches.of(rows);
            KllDoublesSketch sketch = sketches.sketch(j);
            if (sketch.isEmpty() || !(sketch.getMaxItem() > sketch.getMinItem())) continue;
            out[j] = ColumnTransform.quantile(sketches, j, types.type(j)).withSpread(out[j].spread());
        }
        return sketches == null || java.util.Arrays.equals(out, transforms) ? this : new Columns(out, types, repeated, relations, labels, orders);
    }

    /** The lattice columns (their transforms dequantise), in order. */
    public int[] latticeColumns() {
        return java.util.stream.IntStream.range(0, transforms.length).filter(j -> transforms[j].step() > 0).toArray();
    }

    /**
     * The columns whose every value stands for an interval that maps back to it: a lattice
     * column's cell, a finite column's point mass. A model's probability of such a value is its
     * mass over that interval ({@link #acrossCells}), in order.
     */
    public int[] roundedColumns() {
        return java.util.stream.IntStream.range(0, transforms.length).filter(this::rounded).toArray();
    }

    private boolean rounded(int j) { return transforms[j].step() > 0 || types.type(j).isFinite(); }

    /**
     * The few-valued columns: on a lattice (their transforms dequantise) or finite, with most of
     * their rows on point masses (a flag, a small count, a code; not a measurement rounded to a fine
     * grid, whose values each hold a sliver of the rows; of a finite column, whose every value is a
     * point mass, only those holding {@link #FEW_VALUED_SHARE} of the rows count), in order.
     */
    public int[] fewValuedColumns() {
        return java.util.stream.IntStream.range(0, transforms.length).filter(j -> {
            ColumnType t = types.type(j);
            if (!rounded(j)) return false;
            double held = 0;
            for (double share : t.atomShares()) if (!t.isFinite() || share >= FEW_VALUED_SHARE) held += share;
            return held >= 0.5;
        }).toArray();
    }

    /**
     * The columns dequantised over less than their whole gap, in order, but for labels drawn from
     * their law ({@link LabelConditionals}), whose generated values are not read: decoded through
     * a generator's {@link MarginCalibration}.
     */
    public int[] gappedColumns() {
        java.util.Set<Integer> drawn = new java.util.HashSet<>();
        for (int m = 0; m < labels.count(); m++) drawn.add(labels.column(m));
        return java.util.stream.IntStream.range(0, transforms.length).filter(j -> transforms[j].spread() < 1 && !drawn.contains(j)).toArray();
    }

    /** The same columns with the dequantisation noise of every few-valued column filling this share of its gap; this when there is none. */
    public Columns withFewValuedSpread(double spread) {
        ColumnTransform[] out = transforms.clone();
        boolean changed = false;
        for (int j : fewValuedColumns())
            if (out[j].spread() != spread) { out[j] = out[j].withSpread(spread); changed = true; }
        return changed ? new Columns(out, types, repeated, relations, labels, orders) : this;
    }

    /**
     * The latent row of a raw row at a stream position with each {@link #roundedColumns rounded}
     * column's value moved to share[k] of its whole lattice cell or point mass (k counting rounded
     * columns; see {@link ColumnTransform#across}), the other columns as {@link #forward} maps them. Returns
     * the row's log Jacobian there, so that latent log density plus it is the log density in data
     * units of that point: averaged over a cell's points, a model's probability of the rounded value.
     */
    public double acrossCells(double[] raw, int offset, long position, double[] share, double[] latent) {
        double logJacobian = 0;
        for (int j = 0, k = 0; j < transforms.length; j++) {
            ColumnTransform t = transforms[j];
            double x = raw[offset + j];
            if (rounded(j)) {
                latent[j] = t.across(x, share[k]);
                logJacobian += t.logSlopeAcross(x, share[k++]);
            } else {
                latent[j] = t.forward(x, uniform(position, j));
                logJacobian += t.logSlope(x, uniform(position, j));
            }
        }
        return logJacobian;
    }

    /**
     * Latent rows back to data (in place): inverse transform, onto the exact linear relations
     * ({@link LinearRelations}), then onto each column's type, back in the columns' orders
     * ({@link OrderRelations}), then the labels drawn from their law
     * given those values ({@link LabelConditionals}); a
     * share of the rows, {@link RepeatedRows#share}, become copies of the repeated row values,
     * also put on the types (a learned type holds every value seen; an override, such as
     * {@code integer,max=5}, may not).
     */
    public void toData(DMatrixRMaj latent) { toData(latent, MarginCalibration.NONE); }

    /** As {@link #toData(DMatrixRMaj)}, the gapped columns first read through the generator's own margins. */
    public void toData(DMatrixRMaj latent, MarginCalibration calibration) {
        calibration.apply(latent, transforms);
        int d = transforms.length;
        double[] work = new double[relations.count()], lower = new double[d], upper = new double[d];
        int[] drawn = new int[labels.count()], blocks = new int[d];
        double[] features = new double[labels.maxFeatures()], probabilities = new double[labels.maxClasses()], scores = new double[Math.max(d, labels.scoresLength())], generated = new double[d];
        for (int j = 0; j < d; j++) { lower[j] = types.type(j).lower(); upper[j] = types.type(j).upper(); }
        int[][] oneHot = oneHotGroups();
        for (int i = 0; i < latent.numRows; i++) {
            int copy = repeated.copyFor(latent.data, i * d);
            if (copy >= 0) {
                repeated.copy(copy, latent.data, i * d);
            } else {
                if (labels.fromLatent()) System.arraycopy(latent.data, i * d, generated, 0, d);   // the laws read the row as generated
                for (int j = 0; j < d; j++) latent.data[i * d + j] = transforms[j].inverse(latent.data[i * d + j]);
                for (int[] group : oneHot) oneOf(group, latent.data, i * d);
                if (!relations.isEmpty()) relations.project(latent.data, i * d, lower, upper, work);   // a copy holds them already
            }
            for (int j = 0; j < d; j++) latent.data[i * d + j] = types.snap(j, latent.data[i * d + j]);
            if (copy < 0 && !relations.isEmpty()) {   // the parts' rounding onto each relation's pivot, then the pivot onto its type
                relations.solvePivots(latent.data, i * d);
                for (int r = 0; r < relations.count(); r++) {
                    int p = relations.pivot(r);
                    latent.data[i * d + p] = types.snap(p, latent.data[i * d + p]);
                }
            }
            if (copy < 0 && !orders.isEmpty()) orders.repair(latent.data, i * d, types, blocks);   // after the types, which it keeps
            if (copy < 0 && !labels.isEmpty()) {   // the labels from their law given the generated numbers as written
                labels.draw(generated, 0, latent.data, i * d, drawn, features, probabilities, scores);
                for (int m = 0; m < drawn.length; m++) latent.data[i * d + labels.column(m)] = drawn[m];
            }
        }
    }

    /**
     * The groups of indicator columns that the relations say sum to one, each column 0 or 1 (a
     * category written one-hot, as covertype's forty soil types are). Projected onto their sum and
     * then rounded, twenty such columns were all rounded to 0 in most rows and the relation's pivot
     * took the 1: one soil type in 61 % of generated rows where each holds 3–7 % of the data's.
     */
    public int[][] oneHotGroups() {
        List<int[]> out = new ArrayList<>();
        for (int r = 0; r < relations.count(); r++) {
            int[] members = relations.sumToOne(r);
            if (members == null) continue;
            boolean indicators = true;
            for (int j : members) {
                ColumnType t = types.type(j);
                indicators &= t.lower() == 0 && t.upper() == 1 && (t.isWholeNumbers() || t.isFinite() && t.atoms().length == 2);
            }
            if (indicators) out.add(members);
        }
        return out.toArray(new int[0][]);
    }

    /**
     * One indicator of the group set, the others cleared: the one whose generated value (in data
     * units, before rounding) is highest. Each column's 1 lies above its 0 on its own axis, so
     * a column generated in its 1's part wins; where none is, the column nearest to it does.
     */
    private static void oneOf(int[] group, double[] row, int offset) {
        int best = group[0];
        for (int j : group) if (row[offset + j] > row[offset + best]) best = j;
        for (int j : group) row[offset + j] = j == best ? 1 : 0;
    }

    /** The dequantisation uniform of a row's column: a pure function of its stream position, like its noise. */
    static double uniform(long position, int column) {
        long z = position * 0x9E3779B97F4A7C15L + column * 0xC2B2AE3D27D4EB4FL + DEQUANTISE_SALT;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z ^= z >>> 31;
        return (z >>> 11) * 0x1.0p-53;
    }

    /** One line for all columns: how many of each transform, lattices, bounds, point masses. */
    public String summary() {
        int quantile = 0, lattice = 0, atoms = 0;
        for (int j = 0; j < transforms.length; j++) {
            if (transforms[j].kind() == ColumnTransform.Kind.QUANTILE) quantile++;
            if (types.type(j).isLattice()) lattice++;
            if (types.type(j).atoms().length > 0) atoms++;
        }
        return String.format("columns: %d quantile-mapped, %d affine; %d on a lattice, %d with point masses%s",
                quantile, transforms.length - quantile, lattice, atoms, repeated.isEmpty() ? "" : "; " + repeated.describe() + ", generated as copies at that share");
    }

    /** One line per column: its transform and type, for progress output and descriptions. */
    public String describe(int column) {
        ColumnTransform t = transforms[column];
        ColumnType c = types.type(column);
        StringBuilder s = new StringBuilder("column ").append(column + 1).append(": ").append(t.kind().name().toLowerCase(java.util.Locale.ROOT));
        if (t.kind() == ColumnTransform.Kind.QUANTILE) s.append(" on ").append(t.knotX().length).append(" knots");
        if (t.spread() < 1) s.append(String.format(", dequantised over %.2f of each gap", t.spread()));
        if (c.isLattice()) s.append(", step ").append(c.step());
        else if (c.decimals() >= 0 && !c.isFinite()) s.append(", written with ").append(c.decimals()).append(c.decimals() == 1 ? " decimal" : " decimals");
        if (!c.isLattice() && c.significant() > 0 && !c.isFinite())
            s.append(c.decimals() >= 0 ? " and " : ", written with ").append(c.significant()).append(" significant digits");
        if (Double.isFinite(c.lower()) || Double.isFinite(c.upper())) s.append(", range [").append(c.lower()).append(", ").append(c.upper()).append(']');
        if (c.isFinite()) s.append(", finite: ").append(c.atoms().length).append(c.atoms().length == 1 ? " value" : " values");
        // A finite column may have hundreds of values: its line names those holding at least 1 % of the rows.
        double shown = c.isFinite() ? FEW_VALUED_SHARE : 0;
        for (int a = 0; a < c.atoms().length; a++)
            if (c.atomShares()[a] >= shown) s.append(String.format(", %.1f %% at %s", 100 * c.atomShares()[a], c.atoms()[a]));
        return s.toString();
    }
}
