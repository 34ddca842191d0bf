/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.it;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;

/**
 * JSON helpers: parsing RESTCONF answers, comparing documents regardless of member and list-entry order, and
 * extracting RFC 8040 error messages.
 */
final class Json {
    private Json() {
        // utility class
    }

    /**
     * Parses a response body as JSON.
     *
     * @param response the response
     * @return the document
     * @throws AssertionError when the body is not JSON
     */
    static JsonObject object(final Response response) {
        try {
            return JsonParser.parseString(response.body()).getAsJsonObject();
        } catch (JsonParseException | IllegalStateException e) {
            throw new AssertionError("response is not a JSON object: " + response.describe(), e);
        }
    }

    /**
     * Returns a canonical text of a document: object members sorted by name, array elements sorted by their own
     * canonical text, numbers in their plain form. Two documents with the same canonical text hold the same data.
     *
     * @param element the document
     * @return its canonical text
     */
    static String canonical(final JsonElement element) {
        return normalize(element).toString();
    }

    /**
     * Returns the canonical text of a JSON text.
     *
     * @param text the JSON text
     * @return its canonical text
     */
    static String canonical(final String text) {
        return canonical(JsonParser.parseString(text));
    }

    private static JsonElement normalize(final JsonElement element) {
        if (element.isJsonObject()) {
            final var sorted = new TreeMap<String, JsonElement>();
            element.getAsJsonObject().entrySet().forEach(entry -> sorted.put(entry.getKey(),
                normalize(entry.getValue())));
            final var out = new JsonObject();
            sorted.forEach(out::add);
            return out;
        }
        if (element.isJsonArray()) {
            final List<JsonElement> items = new ArrayList<>();
            element.getAsJsonArray().forEach(item -> items.add(normalize(item)));
            items.sort(Comparator.comparing(JsonElement::toString));
            final var out = new JsonArray();
            items.forEach(out::add);
            return out;
        }
        if (element.isJsonPrimitive() && element.getAsJsonPrimitive().isNumber()) {
            return new JsonPrimitive(element.getAsBigDecimal().stripTrailingZeros().toPlainString());
        }
        return element;
    }

    /**
     * Returns the error messages of an RFC 8040 error reply ({@code errors/error[]/error-message}), the blank ones
     * left out.
     *
     * @param response the response
     * @return the messages, empty when the body has none or is not an error reply
     */
    static List<String> errorMessages(final Response response) {
        final List<String> messages = new ArrayList<>();
        final JsonElement root;
        try {
            root = JsonParser.parseString(response.body());
        } catch (JsonParseException e) {
            return messages;
        }
        if (!root.isJsonObject()) {
            return messages;
        }
        final var errors = first(root.getAsJsonObject(), "errors", "ietf-restconf:errors");
        if (errors == null || !errors.isJsonObject()) {
            return messages;
        }
        final var list = errors.getAsJsonObject().get("error");
        if (list == null || !list.isJsonArray()) {
            return messages;
        }
        for (var error : list.getAsJsonArray()) {
            if (error.isJsonObject()) {
                final var message = error.getAsJsonObject().get("error-message");
                if (message != null && message.isJsonPrimitive() && !message.getAsString().isBlank()) {
                    messages.add(message.getAsString());
                }
            }
        }
        return messages;
    }

    /**
     * Returns the first member present among several names (RESTCONF may qualify top-level names with the module).
     *
     * @param object the object
     * @param names the names to try, in order
     * @return the member, or null
     */
    static JsonElement first(final JsonObject object, final String... names) {
        for (var name : names) {
            final var member = object.get(name);
            if (member != null) {
                return member;
            }
        }
        return null;
    }

    /**
     * Wraps one list entry the way RESTCONF wants it in a PUT body: {@code {"module:list": [entry]}}.
     *
     * @param listName the list's qualified name
     * @param entry the entry
     * @return the body
     */
    static String wrap(final String listName, final JsonObject entry) {
        final var list = new JsonArray();
        list.add(entry);
        final var root = new JsonObject();
        root.add(listName, list);
        return root.toString();
    }
}
