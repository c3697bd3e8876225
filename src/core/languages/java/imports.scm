; import com.shop.Cart; → module com.shop, name Cart. Static imports read the same way:
; import static java.util.Objects.requireNonNull; → module java.util.Objects, name requireNonNull.
((import_declaration (scoped_identifier scope: (_) @module name: (identifier) @name)) @import.named
  (#not-match? @import.named "\\*"))
; import java.util.*; / import static org.junit.Assert.*;
(import_declaration [(scoped_identifier) (identifier)] @module (asterisk)) @import.star
