package capa.plugins.metadata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import capa.testkit.HostileClassFiles;
import capa.testkit.PluginJar;
import java.io.IOException;
import java.lang.classfile.Annotation;
import java.lang.classfile.AnnotationElement;
import java.lang.classfile.AnnotationValue;
import java.lang.classfile.Attributes;
import java.lang.classfile.ClassFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** capa's own annotation reader against the JDK's {@code java.lang.classfile} as the oracle. */
class ProviderInfoReaderTest {

    @TempDir
    static Path classesDir;

    private static final String ANNOTATION = "Lcapa/api/ProcedureInfo;";

    /** A provider javac wrote with annotations of every element kind around @ProcedureInfo. */
    private static byte[] richProvider() throws IOException {
        Path classes = PluginJar.builder()
                .source("lab/rich/Kinds.java", """
                        package lab.rich;
                        import java.lang.annotation.*;
                        @Retention(RetentionPolicy.RUNTIME)
                        public @interface Kinds {
                            byte b(); char c(); short s(); int i(); long j(); float f(); double d(); boolean z();
                            String text(); Class<?> type(); RetentionPolicy policy(); Retention nested();
                            int[] ints(); String[] texts(); Retention[] nesteds(); Class<?>[] types();
                        }
                        """)
                .source("lab/rich/Rich.java", """
                        package lab.rich;
                        import capa.api.ProcedureInfo;
                        import java.lang.annotation.*;
                        @Deprecated(since = "0.9", forRemoval = false)
                        @Kinds(b = 1, c = 'x', s = 2, i = 3, j = 4L, f = 5f, d = 6d, z = true, text = "id",
                               type = String[].class, policy = RetentionPolicy.CLASS,
                               nested = @Retention(RetentionPolicy.SOURCE), ints = {1, 2}, texts = {"a", "é€😀"},
                               nesteds = {@Retention(RetentionPolicy.RUNTIME)}, types = {int.class, void.class})
                        @ProcedureInfo(id = "lab.rich.proc", name = "Rich — ünïcode 😀",
                                       description = "line\\u0000with NUL and \\u2028 separators")
                        public final class Rich {}
                        """)
                .compileTo(classesDir.resolve("rich"));
        return Files.readAllBytes(classes.resolve("lab/rich/Rich.class"));
    }

    /** The JDK's reading, with every annotation value traversed; empty when the JDK refuses the bytes. */
    private static Optional<ProviderInfo> oracle(byte[] bytes, String className) {
        try {
            var annotations = ClassFile.of().parse(bytes).findAttribute(Attributes.runtimeVisibleAnnotations());
            if (annotations.isEmpty()) {
                return Optional.of(new ProviderInfo(className, Optional.empty(), Optional.empty(), ""));
            }
            ProviderInfo found = new ProviderInfo(className, Optional.empty(), Optional.empty(), "");
            boolean seen = false;
            for (Annotation a : annotations.get().annotations()) {
                a.elements().forEach(e -> traverse(e.value()));
                if (!seen && a.className().stringValue().equals(ANNOTATION)) {
                    seen = true;
                    found = new ProviderInfo(className, string(a, "id"), string(a, "name"),
                            string(a, "description").orElse(""));
                }
            }
            return Optional.of(found);
        } catch (IllegalArgumentException | IndexOutOfBoundsException | ClassCastException e) {
            return Optional.empty();
        }
    }

    private static void traverse(AnnotationValue value) {
        switch (value) {
            case AnnotationValue.OfArray array -> array.values().forEach(ProviderInfoReaderTest::traverse);
            case AnnotationValue.OfAnnotation nested -> {
                nested.annotation().className().stringValue();
                nested.annotation().elements().forEach(e -> traverse(e.value()));
            }
            case AnnotationValue.OfEnum e -> e.constantName().stringValue();
            case AnnotationValue.OfClass c -> c.className().stringValue();
            case AnnotationValue.OfString s -> s.stringValue();
            case AnnotationValue.OfConstant c -> c.constant().constantValue();
        }
    }

    private static Optional<String> string(Annotation annotation, String element) {
        for (AnnotationElement e : annotation.elements()) {
            if (e.name().stringValue().equals(element) && e.value() instanceof AnnotationValue.OfString s) {
                return Optional.of(s.stringValue());
            }
        }
        return Optional.empty();
    }

    @Test
    void aClassWithEveryKindOfAnnotationValueReadsAsTheJdkReadsIt() throws Exception {
        byte[] rich = richProvider();
        ProviderInfo info = ProviderInfoReader.read(rich, "lab.rich.Rich");
        assertEquals(oracle(rich, "lab.rich.Rich").orElseThrow(), info);
        assertEquals(Optional.of("Rich — ünïcode 😀"), info.name());
        assertEquals("line\u0000with NUL and \u2028 separators", info.description());
    }

    @Test
    void whereTheJdkReadsARandomlyChangedClassCapaReadsTheSameOrRefusesIt() throws Exception {
        byte[] rich = richProvider();
        long seed = System.nanoTime();
        System.out.println("ProviderInfoReaderTest seed " + seed);
        int bothRead = 0;
        for (HostileClassFiles.Case mutant : HostileClassFiles.randomBytes(rich, seed, 2000)) {
            Optional<ProviderInfo> jdk = oracle(mutant.bytes(), "lab.rich.Rich");
            Optional<ProviderInfo> capa;
            try {
                capa = Optional.of(ProviderInfoReader.read(mutant.bytes(), "lab.rich.Rich"));
            } catch (NotAPluginException e) {
                assertTrue(e.getMessage().startsWith("provider class lab.rich.Rich is not a valid class file ("),
                        mutant + ": " + e.getMessage());
                continue;
            }
            if (jdk.isPresent()) {
                bothRead++;
                assertEquals(jdk.get(), capa.get(), mutant.toString());
            }
        }
        // Not vacuous: many changes land in code or text that both readers accept (about 18%).
        assertTrue(bothRead > 100, "only " + bothRead + " of 2000 mutants were read by both");
    }
}
