; `use App\Repo\Orders;` / `use Psr\Log\LoggerInterface as Logger;` / `use function App\f;` bind one name.
(namespace_use_declaration
  (namespace_use_clause (qualified_name prefix: (namespace_name) @module (name) @name) alias: (name)? @alias)) @import.named
(namespace_use_declaration
  (namespace_use_clause . (name) @module alias: (name)? @alias)) @import.module
; `use App\Models\{User, Post as P};`
(namespace_use_declaration
  (namespace_name) @module
  (namespace_use_group (namespace_use_clause . (name) @name alias: (name)? @alias))) @import.named

; require/include of a literal path, or of `__DIR__ . '/path'`: best effort.
(require_expression (string (string_content) @module)) @import.require
(require_expression (binary_expression right: (string (string_content) @module))) @import.require
(require_once_expression (string (string_content) @module)) @import.require
(require_once_expression (binary_expression right: (string (string_content) @module))) @import.require
(include_expression (string (string_content) @module)) @import.require
(include_expression (binary_expression right: (string (string_content) @module))) @import.require
(include_once_expression (string (string_content) @module)) @import.require
(include_once_expression (binary_expression right: (string (string_content) @module))) @import.require
