// antlr4-runtime (tomlj's parser runtime) ships as an automatic module; see org.tomlj.
module org.antlr.antlr4.runtime {
    exports org.antlr.v4.runtime;
    exports org.antlr.v4.runtime.atn;
    exports org.antlr.v4.runtime.dfa;
    exports org.antlr.v4.runtime.misc;
    exports org.antlr.v4.runtime.tree;
    exports org.antlr.v4.runtime.tree.pattern;
    exports org.antlr.v4.runtime.tree.xpath;
}
