package dev.pyrometer.profile.flamegraph;

/** What a {@link CallTree} node stands for. */
public enum NodeKind {
    /** The single root, named {@value CallTree#ROOT_NAME}: every stack passes through it; its self is the frameless stacks. */
    ROOT,
    /** A function, named exactly as in the profile's frames. */
    FUNCTION,
    /**
     * The children a truncation folded away, named {@value CallTree#OTHER_NAME}: one per parent that lost
     * children, placed after that parent's kept children, with self = total = the folded totals. Its name can
     * equal a real function's; only the kind tells them apart.
     */
    OTHER
}
