/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A table printed by a wgcp console command: a header line, a rule of dashes under each column, one line per row.
 * The rule gives the column positions.
 */
final class Table {
    private static final Pattern RULE = Pattern.compile("-+( +-+)*");

    private final KarafDistribution.ClientResult source;
    private final String header;
    private final List<Integer> starts;
    private final List<String> rows;

    private Table(final KarafDistribution.ClientResult source, final String header, final List<Integer> starts,
            final List<String> rows) {
        this.source = source;
        this.header = header;
        this.starts = starts;
        this.rows = rows;
    }

    /**
     * Finds the table in a command's output.
     *
     * @param result the command's output
     * @return the table
     * @throws AssertionError when the output holds no table
     */
    static Table parse(final KarafDistribution.ClientResult result) {
        final var lines = result.output().lines().toList();
        for (int i = 1; i < lines.size(); i++) {
            final var line = lines.get(i).stripTrailing();
            if (RULE.matcher(line).matches() && !lines.get(i - 1).isBlank()) {
                final List<Integer> starts = new ArrayList<>();
                for (int pos = 0; pos < line.length(); pos++) {
                    if (line.charAt(pos) == '-' && (pos == 0 || line.charAt(pos - 1) == ' ')) {
                        starts.add(pos);
                    }
                }
                final List<String> rows = new ArrayList<>();
                for (int j = i + 1; j < lines.size() && !lines.get(j).isBlank(); j++) {
                    rows.add(lines.get(j).stripTrailing());
                }
                return new Table(result, lines.get(i - 1).stripTrailing(), starts, rows);
            }
        }
        throw new AssertionError("no table (header line, then a rule of dashes) in the output of "
            + result.describe());
    }

    /**
     * Asserts that the header and every row start each column exactly where the rule does, after at least one
     * blank.
     */
    void assertAligned() {
        assertTrue(starts.size() > 1, "a table with a single column\n" + source.describe());
        final var lines = new ArrayList<String>();
        lines.add(header);
        lines.addAll(rows);
        for (var line : lines) {
            for (int column = 1; column < starts.size(); column++) {
                final int start = starts.get(column);
                assertTrue(line.length() > start && line.charAt(start - 1) == ' ' && line.charAt(start) != ' ',
                    "column " + (column + 1) + " does not start at position " + start + " in line '" + line + "'\n"
                        + source.describe());
            }
        }
    }

    /**
     * Asserts that a row exists whose first cell starts with a text and whose cells include other texts.
     *
     * @param first the start of the first cell
     * @param cells texts that other cells of that row must equal
     */
    void assertRow(final String first, final String... cells) {
        final var wanted = List.of(cells);
        boolean firstFound = false;
        for (var row : rows) {
            final var parsed = cells(row);
            if (!parsed.isEmpty() && parsed.get(0).startsWith(first)) {
                firstFound = true;
                if (parsed.containsAll(wanted)) {
                    return;
                }
            }
        }
        throw new AssertionError((firstFound ? "no row starting with '" + first + "' has the cells " + wanted
            : "no row starting with '" + first + "'") + "\n" + source.describe());
    }

    private List<String> cells(final String row) {
        final List<String> cells = new ArrayList<>();
        for (int column = 0; column < starts.size(); column++) {
            final int from = Math.min(starts.get(column), row.length());
            final int to = column + 1 < starts.size() ? Math.min(starts.get(column + 1), row.length()) : row.length();
            cells.add(row.substring(from, to).trim());
        }
        return cells;
    }
}
