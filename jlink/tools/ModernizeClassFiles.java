import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassFileVersion;
import java.lang.classfile.ClassHierarchyResolver;
import java.lang.classfile.ClassModel;
import java.lang.classfile.ClassTransform;
import java.lang.classfile.CodeTransform;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Rewrites, in place, the classes of a library JAR that are older than Java 6 (class-file
 * major version below 50) as Java 8 class files (major 52) with stack maps, and leaves every
 * other entry byte for byte as it was.
 *
 * <p>Why: the JDK 25 AOT cache cannot store a class in its linked state when that class needs
 * the old, inference-based verifier (the JVM logs "Skipping ...: Old class has been linked"), so
 * every such class, and every class of ours that implements one of its interfaces, is loaded,
 * verified and linked again at each start. picocli is compiled for Java 5; after this rewrite
 * the AOT cache holds all of it. The bytecode is unchanged; only the version and the stack maps
 * (generated and then checked by the JDK's own verifier logic) are new.
 *
 * <pre>java ModernizeClassFiles.java JAR...</pre>
 */
public final class ModernizeClassFiles {

    private static final int FIRST_WITH_STACK_MAPS = ClassFile.JAVA_6_VERSION;
    private static final int TARGET = ClassFile.JAVA_8_VERSION;

    public static void main(String[] args) throws IOException {
        for (String jar : args) {
            int rewritten = modernize(Path.of(jar));
            if (rewritten > 0) {
                System.out.println("modernize: " + Path.of(jar).getFileName() + ": " + rewritten
                        + " classes rewritten as Java 8 class files with stack maps");
            }
        }
    }

    private static int modernize(Path jar) throws IOException {
        Map<String, byte[]> entries = read(jar);
        var resolver = ClassHierarchyResolver.defaultResolver()
                .orElse(ClassHierarchyResolver.ofResourceParsing(desc -> {
                    String internalName = desc.descriptorString()
                            .substring(1, desc.descriptorString().length() - 1);
                    byte[] bytes = entries.get(internalName + ".class");
                    return bytes == null ? null : new ByteArrayInputStream(bytes);
                }))
                .cached();
        ClassFile classFile = ClassFile.of(ClassFile.ClassHierarchyResolverOption.of(resolver));
        // Rebuilding every method body is what makes the ClassFile API generate stack maps.
        ClassTransform raiseVersion = ClassTransform.transformingMethodBodies(CodeTransform.ACCEPT_ALL)
                .andThen((builder, element) -> {
                    if (element instanceof ClassFileVersion) {
                        builder.withVersion(TARGET, 0);
                    } else {
                        builder.with(element);
                    }
                });

        int rewritten = 0;
        List<String> failures = new ArrayList<>();
        for (var entry : entries.entrySet()) {
            String name = entry.getKey();
            if (!name.endsWith(".class") || name.endsWith("module-info.class")) {
                continue;
            }
            ClassModel model = classFile.parse(entry.getValue());
            if (model.majorVersion() >= FIRST_WITH_STACK_MAPS) {
                continue;
            }
            byte[] modern = classFile.transformClass(model, raiseVersion);
            List<VerifyError> errors = classFile.verify(modern);
            if (!errors.isEmpty()) {
                failures.add(name + ": " + errors.getFirst().getMessage());
                continue;
            }
            entry.setValue(modern);
            rewritten++;
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException(jar.getFileName() + ": cannot rewrite "
                    + failures.size() + " classes, first: " + failures.getFirst());
        }
        if (rewritten > 0) {
            write(jar, entries);
        }
        return rewritten;
    }

    private static Map<String, byte[]> read(Path jar) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            for (ZipEntry entry : Collections.list(zip.entries())) {
                if (!entry.isDirectory()) {
                    entries.put(entry.getName(), zip.getInputStream(entry).readAllBytes());
                }
            }
        }
        return entries;
    }

    private static void write(Path jar, Map<String, byte[]> entries) throws IOException {
        // A fixed entry time keeps the rewritten JAR, and so the image, reproducible.
        long fixedTime = Files.getLastModifiedTime(jar).toMillis();
        Path temporary = jar.resolveSibling(jar.getFileName() + ".modernized");
        try (OutputStream file = Files.newOutputStream(temporary);
             ZipOutputStream zip = new ZipOutputStream(file)) {
            for (var entry : entries.entrySet()) {
                ZipEntry zipEntry = new ZipEntry(entry.getKey());
                zipEntry.setTime(fixedTime);
                zip.putNextEntry(zipEntry);
                zip.write(entry.getValue());
                zip.closeEntry();
            }
        }
        Files.move(temporary, jar, StandardCopyOption.REPLACE_EXISTING);
    }
}
