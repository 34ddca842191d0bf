/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.lisp.codec.tshark;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * One captured frame as Wireshark's dissectors decoded it: the PDML tree of {@code tshark -T pdml}, the one-line
 * summary tshark prints for it, and what the tree says about the LISP message inside (its type, the expert infos,
 * malformed-packet markers).
 *
 * <p>The one tolerated finding is the body of an LCAF type 11 (Security Key) that the dissector marks as undecoded:
 * Wireshark's LISP dissector has no decoder for that LCAF, so it adds a {@code lisp.undecoded} expert info over exactly
 * the LCAF's body and skips it by its Length. {@link #undecodedLcaf11()} returns those items and {@link #problems()}
 * everything else that is a warning or worse, or malformed.
 */
public final class TsharkFrame {
    /** The expert severity of a warning, as PDML writes it ({@code PI_WARN}). */
    public static final int SEVERITY_WARNING = 0x00600000;
    /** The expert severity of an error, as PDML writes it ({@code PI_ERROR}). */
    public static final int SEVERITY_ERROR = 0x00800000;
    /** The LCAF type that Wireshark's LISP dissector cannot decode (Security Key). */
    public static final int LCAF_SECURITY_KEY = 11;

    private static final int LCAF_HEADER_LENGTH = 6;

    private final int number;
    private final String summary;
    private final List<Field> protocols;

    private TsharkFrame(final int number, final String summary, final List<Field> protocols) {
        this.number = number;
        this.summary = summary;
        this.protocols = List.copyOf(protocols);
    }

    /**
     * Returns the frame number in the capture file (1-based).
     *
     * @return the frame number
     */
    public int number() {
        return number;
    }

    /**
     * Returns the one-line summary tshark prints for the frame: protocol column and info column, for example
     * {@code LISP Map-Request for [100] 10.2.0.0/24}.
     *
     * @return the summary, empty if tshark printed none
     */
    public String summary() {
        return summary;
    }

    /**
     * Returns the top-level protocols of the frame in PDML order ({@code geninfo}, {@code frame}, {@code eth},
     * {@code ip}, {@code udp}, {@code lisp}, ...).
     *
     * @return the protocol nodes
     */
    public List<Field> protocols() {
        return protocols;
    }

    /**
     * Returns every node of the frame, depth first.
     *
     * @return the nodes
     */
    public Stream<Field> nodes() {
        return protocols.stream().flatMap(Field::subtree);
    }

    /**
     * Returns every node with the given name (a field or protocol abbreviation such as {@code lisp.loc}), depth first.
     *
     * @param name the name
     * @return the nodes
     */
    public List<Field> fields(final String name) {
        return nodes().filter(node -> node.name().equals(name)).collect(Collectors.toUnmodifiableList());
    }

    /**
     * Returns the values ({@code show} attributes) of every field with the given name, depth first.
     *
     * @param name the name
     * @return the values
     */
    public List<String> values(final String name) {
        return fields(name).stream().map(Field::show).collect(Collectors.toUnmodifiableList());
    }

    /**
     * Returns the LISP message types the dissector read, outermost first: one entry for a plain message, two for an
     * Encapsulated Control Message (8, then the type of the encapsulated message). Empty when tshark did not decode
     * the frame as LISP.
     *
     * @return the values of the {@code lisp.type} fields
     */
    public List<Integer> lispTypes() {
        return values("lisp.type").stream().map(Integer::valueOf).collect(Collectors.toUnmodifiableList());
    }

    /**
     * Returns the LISP message type names as the dissector shows them (for example {@code Map-Request} or
     * {@code Unknown}), outermost first.
     *
     * @return the names
     */
    public List<String> lispTypeNames() {
        return fields("lisp.type").stream().map(field -> {
            final String text = field.showname();
            final int colon = text.lastIndexOf(": ");
            final int paren = text.lastIndexOf(" (");
            return colon >= 0 && paren > colon ? text.substring(colon + 2, paren) : text;
        }).collect(Collectors.toUnmodifiableList());
    }

    /**
     * Returns every expert info item of the frame, whatever its severity.
     *
     * @return the items
     */
    public List<Expert> experts() {
        return fields("_ws.expert").stream().map(Expert::of).collect(Collectors.toUnmodifiableList());
    }

    /**
     * Returns the malformed-packet markers of the frame (top-level {@code _ws.malformed} protocols), described.
     *
     * @return the descriptions, empty when the frame is well formed
     */
    public List<String> malformed() {
        return protocols.stream().filter(proto -> proto.name().equals("_ws.malformed"))
            .map(Field::describe).collect(Collectors.toUnmodifiableList());
    }

    /**
     * Returns the LCAF nodes ({@code lisp.lcaf}) of the given LCAF type.
     *
     * @param type the LCAF type
     * @return the nodes, depth first
     */
    public List<Field> lcafs(final int type) {
        return fields("lisp.lcaf").stream().filter(lcaf -> lcafType(lcaf) == type)
            .collect(Collectors.toUnmodifiableList());
    }

    /**
     * Returns the expert info items that only say that the body of an LCAF type 11 was not decoded: a
     * {@code lisp.undecoded} item on a node that is a sibling of an LCAF type 11 node and covers exactly that LCAF's
     * body (the bytes after its 6-byte header, as many as its Length field says).
     *
     * @return the tolerated items
     */
    public List<Expert> undecodedLcaf11() {
        return experts().stream().filter(this::isUndecodedLcaf11).collect(Collectors.toUnmodifiableList());
    }

    /**
     * Returns what a correct LISP message must not show: every malformed-packet marker and every expert info item of
     * severity warning or worse, except the tolerated {@link #undecodedLcaf11()} items.
     *
     * @return the problems, described; empty when tshark found nothing wrong
     */
    public List<String> problems() {
        final List<String> problems = new ArrayList<>(malformed());
        for (Expert expert : experts()) {
            if (expert.severity() >= SEVERITY_WARNING && !isUndecodedLcaf11(expert)) {
                problems.add(expert.toString());
            }
        }
        return List.copyOf(problems);
    }

    /**
     * Returns a line for test logs: frame number, LISP types, summary, expert infos.
     *
     * @return the line
     */
    public String verdict() {
        final List<Expert> experts = experts();
        return "frame " + number + ": lisp.type " + lispTypes() + " " + lispTypeNames() + " | " + summary
            + " | malformed: " + (malformed().isEmpty() ? "none" : malformed())
            + " | expert: " + (experts.isEmpty() ? "none" : experts.stream()
                .map(expert -> expert + (isUndecodedLcaf11(expert) ? " (tolerated: LCAF 11 body)" : ""))
                .collect(Collectors.joining("; ")));
    }

    @Override
    public String toString() {
        return verdict();
    }

    private boolean isUndecodedLcaf11(final Expert expert) {
        final Field anchor = expert.anchor();
        if (!"lisp.undecoded".equals(expert.field()) || anchor == null || anchor.parent() == null) {
            return false;
        }
        return anchor.parent().children().stream().anyMatch(sibling -> sibling.name().equals("lisp.lcaf")
            && lcafType(sibling) == LCAF_SECURITY_KEY
            && anchor.pos() == sibling.pos() + LCAF_HEADER_LENGTH
            && anchor.size() == lcafLength(sibling)
            && sibling.size() == LCAF_HEADER_LENGTH + lcafLength(sibling));
    }

    private static int lcafType(final Field lcaf) {
        return lcaf.first("lisp.lcaf.type").map(type -> Integer.parseInt(type.show())).orElse(-1);
    }

    private static int lcafLength(final Field lcaf) {
        return lcaf.first("lisp.lcaf.length").map(length -> Integer.parseInt(length.show())).orElse(-1);
    }

    /**
     * Parses the PDML that {@code tshark -T pdml} wrote.
     *
     * @param pdml the PDML file
     * @param summaries the one-line summaries by frame number (frames without one get an empty summary)
     * @return the frames in file order
     * @throws IOException if the file cannot be read or is not PDML
     */
    static List<TsharkFrame> parsePdml(final Path pdml, final Map<Integer, String> summaries) throws IOException {
        final Element root;
        try (InputStream in = Files.newInputStream(pdml)) {
            root = newBuilder().parse(in).getDocumentElement();
        } catch (SAXException | ParserConfigurationException e) {
            throw new IOException("tshark wrote unreadable PDML to " + pdml + ": " + e.getMessage(), e);
        }
        if (!"pdml".equals(root.getTagName())) {
            throw new IOException(pdml + " is not PDML: root element " + root.getTagName());
        }
        final List<TsharkFrame> frames = new ArrayList<>();
        for (Element packet : childElements(root, "packet")) {
            final List<Field> protocols = new ArrayList<>();
            for (Element proto : childElements(packet, "proto")) {
                protocols.add(toField(proto, null));
            }
            final int number = protocols.stream().filter(proto -> proto.name().equals("geninfo")).findFirst()
                .flatMap(geninfo -> geninfo.first("num")).map(num -> Integer.parseInt(num.show()))
                .orElse(frames.size() + 1);
            frames.add(new TsharkFrame(number, summaries.getOrDefault(number, ""), protocols));
        }
        return List.copyOf(frames);
    }

    private static DocumentBuilder newBuilder() throws ParserConfigurationException {
        final DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        factory.setExpandEntityReferences(false);
        factory.setNamespaceAware(false);
        return factory.newDocumentBuilder();
    }

    private static List<Element> childElements(final Element parent, final String tag) {
        final List<Element> elements = new ArrayList<>();
        for (Node child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element element && (tag == null || element.getTagName().equals(tag))) {
                elements.add(element);
            }
        }
        return elements;
    }

    private static Field toField(final Element element, final Field parent) {
        final Field field = new Field(element.getTagName().equals("proto"), element.getAttribute("name"),
            element.getAttribute("showname"), element.getAttribute("show"), element.getAttribute("value"),
            intAttribute(element, "pos"), intAttribute(element, "size"), parent);
        for (Element child : childElements(element, null)) {
            field.children.add(toField(child, field));
        }
        return field;
    }

    private static int intAttribute(final Element element, final String name) {
        final String text = element.getAttribute(name);
        return text.isEmpty() ? 0 : Integer.parseInt(text);
    }

    /**
     * A node of the PDML tree: a protocol or a field, with its byte range in the frame.
     */
    public static final class Field {
        private final boolean protocol;
        private final String name;
        private final String showname;
        private final String show;
        private final String value;
        private final int pos;
        private final int size;
        private final Field parent;
        private final List<Field> children = new ArrayList<>();

        Field(final boolean protocol, final String name, final String showname, final String show,
                final String value, final int pos, final int size, final Field parent) {
            this.protocol = protocol;
            this.name = name;
            this.showname = showname;
            this.show = show;
            this.value = value;
            this.pos = pos;
            this.size = size;
            this.parent = parent;
        }

        /**
         * Returns whether the node is a protocol ({@code <proto>}) rather than a field.
         *
         * @return true for a protocol
         */
        public boolean isProtocol() {
            return protocol;
        }

        /**
         * Returns the field or protocol abbreviation, for example {@code lisp.loc}; empty for text-only nodes.
         *
         * @return the name
         */
        public String name() {
            return name;
        }

        /**
         * Returns the text Wireshark displays for the node, for example {@code Record TTL: 1440}.
         *
         * @return the display text, empty if none
         */
        public String showname() {
            return showname;
        }

        /**
         * Returns the field's value as Wireshark formats it, for example {@code 1440} or {@code 10.2.0.7}.
         *
         * @return the value, empty if none
         */
        public String show() {
            return show;
        }

        /**
         * Returns the raw bytes of the field in hex, when PDML gives them.
         *
         * @return the hex, empty if none
         */
        public String value() {
            return value;
        }

        /**
         * Returns the offset of the node in the frame.
         *
         * @return the offset
         */
        public int pos() {
            return pos;
        }

        /**
         * Returns the number of bytes the node covers.
         *
         * @return the size
         */
        public int size() {
            return size;
        }

        /**
         * Returns the offset just past the node.
         *
         * @return {@code pos() + size()}
         */
        public int end() {
            return pos + size;
        }

        /**
         * Returns the enclosing node.
         *
         * @return the parent, null for a top-level protocol
         */
        public Field parent() {
            return parent;
        }

        /**
         * Returns the child nodes in PDML order.
         *
         * @return the children
         */
        public List<Field> children() {
            return List.copyOf(children);
        }

        /**
         * Returns this node and all nodes below it, depth first.
         *
         * @return the nodes
         */
        public Stream<Field> subtree() {
            return Stream.concat(Stream.of(this), children.stream().flatMap(Field::subtree));
        }

        /**
         * Returns the nodes below this one with the given name, depth first.
         *
         * @param fieldName the name
         * @return the nodes
         */
        public List<Field> find(final String fieldName) {
            return children.stream().flatMap(Field::subtree).filter(node -> node.name.equals(fieldName))
                .collect(Collectors.toUnmodifiableList());
        }

        /**
         * Returns the first node below this one with the given name.
         *
         * @param fieldName the name
         * @return the node, if any
         */
        public Optional<Field> first(final String fieldName) {
            return children.stream().flatMap(Field::subtree).filter(node -> node.name.equals(fieldName)).findFirst();
        }

        /**
         * Returns the value of the first node below this one with the given name.
         *
         * @param fieldName the name
         * @return the value
         * @throws AssertionError if there is no such node
         */
        public String showOf(final String fieldName) {
            return first(fieldName).map(Field::show).orElseThrow(() -> new AssertionError(
                "no " + fieldName + " under " + describe()));
        }

        /**
         * Returns the nearest enclosing protocol, or this node if it is one.
         *
         * @return the protocol, null if none
         */
        public Field protocol() {
            Field node = this;
            while (node != null && !node.protocol) {
                node = node.parent;
            }
            return node;
        }

        /**
         * Describes the node for messages: name, byte range and display text.
         *
         * @return the description
         */
        public String describe() {
            return (name.isEmpty() ? "(text)" : name) + " [" + pos + "+" + size + "] "
                + (showname.isEmpty() ? show : showname);
        }

        @Override
        public String toString() {
            return describe();
        }
    }

    /**
     * One expert info item ({@code _ws.expert}).
     *
     * @param severity the severity level as PDML writes it ({@link #SEVERITY_WARNING}, {@link #SEVERITY_ERROR}, ...)
     * @param severityName the severity as Wireshark names it ({@code Warning}, {@code Error}, ...)
     * @param group the group as Wireshark names it ({@code Malformed}, {@code Undecoded}, {@code Protocol}, ...)
     * @param message the message
     * @param field the name of the expert field that identifies the item, for example {@code lisp.undecoded}
     * @param anchor the node the item is attached to (its bytes are the ones the item is about), null if none
     */
    public record Expert(int severity, String severityName, String group, String message, String field,
            Field anchor) {
        /** Checks the components. */
        public Expert {
            Objects.requireNonNull(severityName);
            Objects.requireNonNull(group);
            Objects.requireNonNull(message);
            Objects.requireNonNull(field);
        }

        static Expert of(final Field expert) {
            int severity = 0;
            String severityName = "";
            String group = "";
            String message = "";
            String field = "";
            for (Field child : expert.children) {
                switch (child.name) {
                    case "_ws.expert.severity" -> {
                        severity = parseInt(child.show);
                        severityName = afterColon(child.showname);
                    }
                    case "_ws.expert.group" -> group = afterColon(child.showname);
                    case "_ws.expert.message" -> message = child.show;
                    default -> field = field.isEmpty() ? child.name : field;
                }
            }
            if (message.isEmpty()) {
                message = afterColon(expert.showname);
            }
            return new Expert(severity, severityName, group, message, field, expert.parent);
        }

        private static int parseInt(final String text) {
            return text.startsWith("0x") ? Integer.parseInt(text.substring(2), 16) : Integer.parseInt(text);
        }

        private static String afterColon(final String text) {
            final int colon = text.indexOf(": ");
            return colon >= 0 ? text.substring(colon + 2) : text;
        }

        @Override
        public String toString() {
            return severityName + "/" + group + " " + field + ": " + message
                + (anchor == null ? "" : " at [" + anchor.pos() + "+" + anchor.size() + "]");
        }
    }
}
