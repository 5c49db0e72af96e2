package io.scorestream.learn;

import io.scorestream.columns.Columns;
import org.ejml.data.DMatrixRMaj;

import java.util.function.Consumer;

/**
 * The soft cells' count of a file of more rows than the planning reservoir. The K search runs on
 * the reservoir (4 096 rows by default), and the count the held-out likelihood supports grows with
 * the rows: on a sensor log of 9 457 rows (four motes' humidity and temperature against time, thin
 * curves) the reservoir's search stops at 48 cells, the same search on every row at 128, and the
 * samples at 128 are told from held-out rows at C2ST 0.620 against 0.665. But more rows' larger
 * count is not always better sampled: on a spiral and on heavy tails the search on 16 384 rows
 * finds 40 cells for 24 and 16 for 6, and they sample worse (QUALITY.md, "The cells' count of a
 * file larger than the reservoir").
 *
 * <p>So the search runs again on the judged rows (up to {@link Fitter#JUDGED_ROWS}) from the
 * reservoir's count up ({@link StructurePlanner#searchedFrom}), and a larger count it finds is
 * judged against the reservoir's by the kernel score of the whole model's samples on held-out rows
 * ({@link CellCountJudge}, two counts): kept where it scores lower by a margin significant at 5 %
 * and by at least {@value #LEAST_GAIN} of the held-out rows' own ½E k(Y, Y′), the score's scale.
 */
final class MoreRowsCount {
    /**
     * The least gain, as a share of the held-out rows' ½E k(Y, Y′). On 16 384 rows the paired error
     * is so small that a gain no classifier sees is significant: `student` (5-D, ν = 3), 12 cells
     * against 6 at 4.3 standard errors and 0.5 % of that scale (16 against 6 sampled at C2ST 0.511
     * against 0.506, three samples each); `sphere`, 96 against 48, 2.9 standard errors and about
     * 0.5 %, 0.514 against 0.512. The sensor log's larger counts gained 8–12 % of the scale, and
     * sampled nearer (7 000 rows: 80 cells against 48, 11.6 %, C2ST 0.689 against 0.724). A fiftieth
     * is a factor four from either side; a tenth, tried first, refused one of the sensor log's
     * gains (8.3 %).
     */
    static final double LEAST_GAIN = 0.02;

    private MoreRowsCount() {}

    /**
     * Whether a file's count is judged so: fit learns more rows (n) than the reservoir holds (m), in
     * at most {@value CellCountJudge#MAX_DIMENSION} columns, none of them labels, with soft cells of
     * a count left to the data, and the reservoir's search was not already run again on more rows
     * because its count left too few rows a component ({@link StructurePlanner#rowLimited}: 32, or
     * for separate full covariances a row a parameter); not in a judge's fits ({@link FitOptions#forJudgedFits}).
     */
    static boolean applies(FitOptions resolved, int n, int m, int d, int searched, boolean tied) {
        if (resolved.cells() == FitOptions.CellKind.VORONOI || resolved.cellCount() != FitOptions.AUTO || resolved.judgedFit()) return false;
        if (n <= m || d > CellCountJudge.MAX_DIMENSION || searched < 2 || StructurePlanner.rowLimited(searched, m, d, resolved.rank(), tied)) return false;
        for (int classes : resolved.columns().labelClasses(d)) if (classes >= 2) return false;
        return true;
    }

    /**
     * The count kept: the reservoir's (searched), or the larger one the search on the judged rows
     * finds where its samples score better by the margins above.
     *
     * @param judged   the rows judged, in data units (more than the reservoir's m)
     * @param columns  their learned maps and types
     * @param tied     whether the reservoir's cells share one covariance
     * @param resolved the fit's resolved options
     * @param judging  the options the judges' fits take
     */
    static int choose(DMatrixRMaj judged, int m, Columns columns, int searched, boolean tied, FitOptions resolved, FitOptions judging,
                      Consumer<String> progress) {
        if (progress != null) progress.accept(String.format("%d cells from the reservoir's %d rows: the search again on %d rows, from %d cells up",
                searched, m, judged.numRows, searched));
        int more = StructurePlanner.searchedFrom(judged, columns, resolved, searched, tied, m, progress).k();
        if (more <= searched) return searched;
        CellCountJudge.Choice choice = CellCountJudge.choose(judged, columns, searched, judging, new int[]{searched, more}, LEAST_GAIN);
        if (progress != null) progress.accept(choice.describe());
        return choice.chosen();
    }
}
