package vn.customs.digital.api.signing;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import vn.customs.digital.api.auth.DevIssuer;

/**
 * The service key's files, for operators ({@code ops/keys service}): a new key (a private EC P-256
 * JWK, file mode 0600, kid = its RFC 7638 thumbprint), and a rotation that first adds the current
 * public key to the retired set ({@code SERVICE_RETIRED_KEYS_FILE}), so that every receipt and
 * clearance signed before the rotation still verifies against {@code
 * /api/v1/.well-known/jwks.json}, then replaces the key file at once.
 */
public final class ServiceKeyFiles {
  private ServiceKeyFiles() {}

  /**
   * A new key in {@code file}; refuses to replace one that exists (a lost key cannot be made
   * again).
   */
  public static ECKey create(Path file) throws IOException {
    if (Files.exists(file)) {
      throw new FileAlreadyExistsException(
          file.toString(), null, "a service key is there already; rotate it instead");
    }
    return DevIssuer.loadOrCreate(file);
  }

  /**
   * Retires the key in {@code file} into the JWK set {@code retired} (created if missing), then
   * puts a new key in its place.
   */
  public static ECKey rotate(Path file, Path retired) throws IOException {
    if (!Files.exists(file)) {
      throw new NoSuchFileException(
          file.toString(), null, "no service key to rotate; create one first");
    }
    ECKey current = DevIssuer.loadOrCreate(file);
    List<JWK> keys = new ArrayList<>();
    if (Files.exists(retired)) {
      try {
        keys.addAll(JWKSet.parse(Files.readString(retired, StandardCharsets.UTF_8)).getKeys());
      } catch (ParseException e) {
        throw new IOException(retired + " is not a JWK set: " + e.getMessage(), e);
      }
    }
    if (keys.stream().noneMatch(k -> current.getKeyID().equals(k.getKeyID()))) {
      keys.add(current.toPublicJWK());
    }
    replace(retired, new JWKSet(keys).toString(true) + "\n", "rw-r--r--");
    Path fresh = file.toAbsolutePath().resolveSibling("." + file.getFileName() + ".new");
    Files.deleteIfExists(fresh);
    ECKey next = DevIssuer.loadOrCreate(fresh);
    Files.move(fresh, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    return next;
  }

  private static void replace(Path file, String text, String mode) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp =
        Files.createTempFile(
            dir,
            ".retired-",
            ".tmp",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(mode)));
    Files.writeString(tmp, text, StandardCharsets.UTF_8);
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  /**
   * {@code create FILE} or {@code rotate FILE RETIRED}: prints the new public JWK, then its kid on
   * the last line.
   */
  public static void main(String[] args) {
    try {
      ECKey key =
          switch (args.length == 0 ? "" : args[0]) {
            case "create" -> args.length == 2 ? create(Path.of(args[1])) : usage();
            case "rotate" ->
                args.length == 3 ? rotate(Path.of(args[1]), Path.of(args[2])) : usage();
            default -> usage();
          };
      System.out.println(key.toPublicJWK().toJSONString());
      System.out.println(key.getKeyID());
    } catch (IOException | IllegalArgumentException e) {
      System.err.println("ops/keys: " + e.getMessage());
      System.exit(1);
    }
  }

  private static ECKey usage() {
    throw new IllegalArgumentException("usage: create FILE | rotate FILE RETIRED_SET_FILE");
  }
}
