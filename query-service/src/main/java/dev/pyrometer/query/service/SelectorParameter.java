package dev.pyrometer.query.service;

import dev.pyrometer.profile.selector.LabelSelector;

/** A parsed selector and the request parameter it came in (e.g. "query", "leftQuery"), which a refusal while matching names. */
public record SelectorParameter(String parameter, LabelSelector selector) {
}
