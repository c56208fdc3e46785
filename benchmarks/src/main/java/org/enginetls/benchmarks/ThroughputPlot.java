package org.enginetls.benchmarks;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import javax.imageio.ImageIO;

/**
 * Draws handshakes per second against the number of connections in flight, one line per mode and
 * latency, from the CSV files JMH writes for {@link AsyncHandshakeBenchmark} ({@code -rf csv}).
 * Both axes are logarithmic. Plain {@code java.awt}, headless: no plotting tool needed.
 *
 * <p>Run: {@code java -Djava.awt.headless=true -cp benchmarks/target/benchmarks.jar
 * org.enginetls.benchmarks.ThroughputPlot out.png results1.csv [results2.csv ...]}.
 */
public final class ThroughputPlot {

    private static final int WIDTH = 1000;
    private static final int HEIGHT = 640;
    private static final int LEFT = 90;
    private static final int RIGHT = 260;
    private static final int TOP = 50;
    private static final int BOTTOM = 70;

    private record Series(String name, Color color, float[] dash, TreeMap<Integer, Double> points) {
    }

    private ThroughputPlot() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            throw new IllegalArgumentException("usage: ThroughputPlot out.png results.csv...");
        }
        Map<String, TreeMap<Integer, Double>> lines = new LinkedHashMap<>();
        for (int i = 1; i < args.length; i++) {
            read(Path.of(args[i]), lines);
        }
        List<Series> series = new ArrayList<>();
        for (Map.Entry<String, TreeMap<Integer, Double>> line : lines.entrySet()) {
            series.add(new Series(line.getKey(), color(line.getKey()), dash(line.getKey()), line.getValue()));
        }
        ImageIO.write(draw(series), "png", Path.of(args[0]).toFile());
    }

    /** Adds the scores of one JMH CSV file: a line per (mode, latency), a point per inFlight. */
    private static void read(Path csv, Map<String, TreeMap<Integer, Double>> lines) throws IOException {
        List<String> rows = Files.readAllLines(csv);
        List<String> header = fields(rows.get(0));
        int score = header.indexOf("Score");
        int inFlight = header.indexOf("Param: inFlight");
        int latency = header.indexOf("Param: latencyMs");
        int mode = header.indexOf("Param: mode");
        for (String row : rows.subList(1, rows.size())) {
            List<String> f = fields(row);
            String name = f.get(mode).equals("JDK") ? "JDK (SunJSSE)" : f.get(mode) + ", " + f.get(latency) + " ms";
            lines.computeIfAbsent(name, k -> new TreeMap<>()).put(Integer.parseInt(f.get(inFlight)), Double.parseDouble(f.get(score)));
        }
    }

    private static List<String> fields(String row) {
        List<String> fields = new ArrayList<>();
        for (String field : row.split(",", -1)) {
            fields.add(field.startsWith("\"") && field.endsWith("\"") ? field.substring(1, field.length() - 1) : field);
        }
        return fields;
    }

    private static Color color(String name) {
        if (name.startsWith("JDK")) {
            return Color.BLACK;
        }
        if (name.endsWith(" 0 ms")) {
            return new Color(0x1f77b4);
        }
        if (name.endsWith(" 1 ms")) {
            return new Color(0x2ca02c);
        }
        return new Color(0xd62728);
    }

    private static float[] dash(String name) {
        return name.startsWith("SYNC") ? new float[] {8f, 6f} : null;
    }

    private static BufferedImage draw(List<Series> series) {
        double min = Double.MAX_VALUE;
        double max = 0;
        int maxN = 1;
        for (Series s : series) {
            for (Map.Entry<Integer, Double> p : s.points().entrySet()) {
                min = Math.min(min, p.getValue());
                max = Math.max(max, p.getValue());
                maxN = Math.max(maxN, p.getKey());
            }
        }
        double logMin = Math.floor(Math.log10(min));
        double logMax = Math.ceil(Math.log10(max));
        double logN = Math.ceil(Math.log10(maxN));
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, HEIGHT);
        int plotWidth = WIDTH - LEFT - RIGHT;
        int plotHeight = HEIGHT - TOP - BOTTOM;
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
        FontMetrics metrics = g.getFontMetrics();
        // grid and axis labels: decades on both axes, 2x and 5x on the rate axis
        for (double decade = logMin; decade <= logMax; decade++) {
            for (int m : new int[] {1, 2, 5}) {
                double value = m * Math.pow(10, decade);
                double log = Math.log10(value);
                if (log > logMax) {
                    break;
                }
                int y = TOP + (int) Math.round(plotHeight * (1 - (log - logMin) / (logMax - logMin)));
                g.setColor(m == 1 ? new Color(0xcccccc) : new Color(0xeeeeee));
                g.drawLine(LEFT, y, LEFT + plotWidth, y);
                g.setColor(Color.DARK_GRAY);
                String label = value >= 1 ? String.format("%,.0f", value) : String.valueOf(value);
                g.drawString(label, LEFT - 8 - metrics.stringWidth(label), y + metrics.getAscent() / 2 - 1);
            }
        }
        for (int decade = 0; decade <= logN; decade++) {
            int x = LEFT + (int) Math.round(plotWidth * decade / logN);
            g.setColor(new Color(0xcccccc));
            g.drawLine(x, TOP, x, TOP + plotHeight);
            g.setColor(Color.DARK_GRAY);
            String label = String.format("%,d", (long) Math.pow(10, decade));
            g.drawString(label, x - metrics.stringWidth(label) / 2, TOP + plotHeight + 20);
        }
        g.setColor(Color.BLACK);
        g.drawRect(LEFT, TOP, plotWidth, plotHeight);
        g.drawString("connections in flight (one driver thread)", LEFT + plotWidth / 2 - 130, HEIGHT - 25);
        Graphics2D vertical = (Graphics2D) g.create();
        vertical.rotate(-Math.PI / 2);
        vertical.drawString("handshakes per second", -(TOP + plotHeight / 2 + 75), 25);
        vertical.dispose();
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        g.drawString("TLS 1.3 handshakes/s, EC P-256, dasync latency per asymmetric operation", LEFT, TOP - 18);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
        int legendY = TOP + 10;
        for (Series s : series) {
            BasicStroke stroke = s.dash() == null ? new BasicStroke(2.5f)
                    : new BasicStroke(2.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, s.dash(), 0f);
            g.setColor(s.color());
            g.setStroke(stroke);
            Path2D path = new Path2D.Double();
            boolean first = true;
            for (Map.Entry<Integer, Double> p : s.points().entrySet()) {
                double x = LEFT + plotWidth * Math.log10(p.getKey()) / logN;
                double y = TOP + plotHeight * (1 - (Math.log10(p.getValue()) - logMin) / (logMax - logMin));
                if (first) {
                    path.moveTo(x, y);
                    first = false;
                } else {
                    path.lineTo(x, y);
                }
                g.fillOval((int) x - 4, (int) y - 4, 8, 8);
            }
            g.draw(path);
            g.drawLine(LEFT + plotWidth + 20, legendY, LEFT + plotWidth + 60, legendY);
            g.setColor(Color.BLACK);
            g.drawString(s.name(), LEFT + plotWidth + 68, legendY + 5);
            legendY += 24;
        }
        g.setColor(Color.DARK_GRAY);
        g.drawString("solid: async mode", LEFT + plotWidth + 20, legendY + 16);
        g.drawString("dashed: synchronous", LEFT + plotWidth + 20, legendY + 36);
        g.dispose();
        return image;
    }
}
