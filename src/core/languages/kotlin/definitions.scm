; The grammar (tree-sitter-wasms' Kotlin) has almost no field names: children are matched by type and order.
(package_header (identifier) @name) @package

(function_declaration
  (simple_identifier) @name
  (function_value_parameters)
  (function_body)? @body) @definition.function
(function_declaration
  (simple_identifier) @name
  (function_value_parameters) . [(user_type) (nullable_type)] @return_type) @definition.function
; Secondary constructors; primary constructors are read as the class's fields only.
(secondary_constructor (function_value_parameters) (statements)? @body) @definition.lambda

; A lambda bound by `val f = { … }` is a function of that name; other lambdas are anonymous.
(property_declaration
  (variable_declaration (simple_identifier) @name)
  [(lambda_literal) (anonymous_function)] @definition.function)
(lambda_literal) @definition.lambda
(anonymous_function) @definition.lambda

; Types, the specific kinds first (a definition keeps the kind of its first match).
(class_declaration "interface" (type_identifier) @name) @definition.interface
(class_declaration "enum" (type_identifier) @name) @definition.enum
(class_declaration (modifiers (class_modifier "data")) (type_identifier) @name) @definition.record
(class_declaration (type_identifier) @name) @definition.class
(object_declaration (type_identifier) @name) @definition.object
(companion_object (type_identifier)? @name) @definition.object
; One match per supertype; matches of the same definition are merged.
(class_declaration (type_identifier) @name (delegation_specifier [(user_type) @base (constructor_invocation (user_type) @base)])) @definition.class
(object_declaration (type_identifier) @name (delegation_specifier [(user_type) @base (constructor_invocation (user_type) @base)])) @definition.object

; Annotations on declarations (not on parameters), without the `@`.
(modifiers (annotation) @decorator)

(function_value_parameters (parameter (simple_identifier) @name . [(user_type) (nullable_type) (function_type)] @type) @parameter)
(lambda_parameters (variable_declaration (simple_identifier) @name [(user_type) (nullable_type) (function_type)]? @type) @parameter)

; Fields: `val`/`var` constructor parameters and properties declared in the class body.
(class_parameter (binding_pattern_kind) (simple_identifier) @name . [(user_type) (nullable_type) (function_type)] @type) @field
(class_body (property_declaration (variable_declaration (simple_identifier) @name [(user_type) (nullable_type) (function_type)]? @type)) @field)
(class_body (property_declaration
  (variable_declaration (simple_identifier) @name)
  (call_expression (simple_identifier) @type)
  (#match? @type "^[A-Z]")) @field)
