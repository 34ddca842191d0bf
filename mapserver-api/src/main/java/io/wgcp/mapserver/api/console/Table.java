/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.mapserver.api.console;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A plain-text table with left-aligned columns as wide as their widest cell, for the console commands.
 */
public final class Table {
    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();

    /**
     * Creates a table.
     *
     * @param header the column titles
     */
    public Table(final String... header) {
        this.header = Arrays.asList(header);
    }

    /**
     * Adds a row; null cells print as a dash.
     *
     * @param cells one cell per column
     * @return this table
     */
    public Table row(final Object... cells) {
        if (cells.length != header.size()) {
            throw new IllegalArgumentException("expected " + header.size() + " cells, got " + cells.length);
        }
        final var row = new ArrayList<String>(cells.length);
        for (var cell : cells) {
            row.add(cell == null ? "-" : cell.toString());
        }
        rows.add(row);
        return this;
    }

    /**
     * Prints the table.
     *
     * @param out where to
     */
    public void print(final PrintStream out) {
        final int[] widths = new int[header.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = header.get(i).length();
            for (var row : rows) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        printRow(out, header, widths);
        final var rule = new ArrayList<String>(widths.length);
        for (int width : widths) {
            rule.add("-".repeat(width));
        }
        printRow(out, rule, widths);
        for (var row : rows) {
            printRow(out, row, widths);
        }
    }

    private static void printRow(final PrintStream out, final List<String> cells, final int[] widths) {
        final var line = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                line.append("  ");
            }
            line.append(cells.get(i));
            if (i < cells.size() - 1) {
                line.append(" ".repeat(widths[i] - cells.get(i).length()));
            }
        }
        out.println(line);
    }
}
