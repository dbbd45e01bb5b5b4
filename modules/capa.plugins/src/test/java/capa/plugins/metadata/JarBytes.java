package capa.plugins.metadata;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.classfile.ClassFile;
import java.lang.classfile.attribute.ModuleAttribute;
import java.lang.constant.ClassDesc;
import java.lang.constant.ModuleDesc;
import java.lang.reflect.AccessFlag;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * JARs built entry by entry, without javac, for tests of how a JAR becomes a module: class
 * files here are placeholders (only their names matter to module derivation) and
 * {@code module-info.class} is written with {@code java.lang.classfile}.
 */
final class JarBytes {

    private final Map<String, String> manifest = new LinkedHashMap<>();
    private final List<Map.Entry<String, byte[]>> entries = new ArrayList<>();
    private boolean stored;
    private String comment;

    static JarBytes jar() {
        return new JarBytes();
    }

    JarBytes manifest(String name, String value) {
        manifest.put(name, value);
        return this;
    }

    JarBytes entry(String name, byte[] bytes) {
        entries.add(Map.entry(name, bytes));
        return this;
    }

    JarBytes entry(String name, String text) {
        return entry(name, text.getBytes(StandardCharsets.UTF_8));
    }

    /** A placeholder class file for each name, such as {@code lab/x/A.class}. */
    JarBytes classes(String... names) {
        for (String name : names) {
            entry(name, new byte[] {(byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE});
        }
        return this;
    }

    JarBytes service(String service, String lines) {
        return entry("META-INF/services/" + service, lines);
    }

    /** Every entry stored, sizes and CRC in the local headers; otherwise deflated with data descriptors. */
    JarBytes stored() {
        stored = true;
        return this;
    }

    JarBytes comment(String text) {
        comment = text;
        return this;
    }

    /** A module-info.class for {@code name}, requiring java.base, providing {@code service} with {@code providers}. */
    static byte[] moduleInfo(String name, String version, String service, String... providers) {
        return ClassFile.of().buildModule(ModuleAttribute.of(ModuleDesc.of(name), module -> {
            module.requires(ModuleDesc.of("java.base"), java.util.Set.of(AccessFlag.MANDATED), null);
            if (version != null) {
                module.moduleVersion(version);
            }
            if (service != null) {
                module.provides(ClassDesc.of(service),
                        java.util.Arrays.stream(providers).map(ClassDesc::of).toArray(ClassDesc[]::new));
            }
        }));
    }

    byte[] bytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            if (comment != null) {
                zip.setComment(comment);
            }
            if (!manifest.isEmpty()) {
                StringBuilder text = new StringBuilder("Manifest-Version: 1.0\r\n");
                manifest.forEach((k, v) -> text.append(k).append(": ").append(v).append("\r\n"));
                put(zip, "META-INF/MANIFEST.MF", text.append("\r\n").toString().getBytes(StandardCharsets.UTF_8));
            }
            for (Map.Entry<String, byte[]> entry : entries) {
                put(zip, entry.getKey(), entry.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    Path writeTo(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            return Files.write(file, bytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void put(ZipOutputStream zip, String name, byte[] bytes) throws IOException {
        ZipEntry entry = new ZipEntry(name);
        if (stored) {
            entry.setMethod(ZipEntry.STORED);
            CRC32 crc = new CRC32();
            crc.update(bytes);
            entry.setCrc(crc.getValue());
            entry.setSize(bytes.length);
            entry.setCompressedSize(bytes.length);
        }
        zip.putNextEntry(entry);
        zip.write(bytes);
        zip.closeEntry();
    }
}
