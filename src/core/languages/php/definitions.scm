; The grammar is the full `php` flavour: files start with `<?php` (a php_tag) and may hold inline HTML.
(function_definition
  name: (name) @name
  parameters: (formal_parameters)
  return_type: (_)? @return_type
  body: (compound_statement) @body) @definition.function
(method_declaration
  name: (name) @name
  parameters: (formal_parameters)
  return_type: (_)? @return_type
  body: (compound_statement)? @body) @definition.method

; A closure bound to a variable is a function of that name (without the `$`); other closures are anonymous.
(assignment_expression
  left: (variable_name (name) @name)
  right: [(anonymous_function body: (_) @body) (arrow_function body: (_) @body)] @definition.function)
(anonymous_function body: (_) @body) @definition.lambda
(arrow_function body: (_) @body) @definition.lambda

; Types. One match per base, interface and used trait; matches of the same definition are merged.
(class_declaration name: (name) @name body: (declaration_list) @body) @definition.class
(class_declaration name: (name) @name (base_clause [(name) (qualified_name)] @base)) @definition.class
(class_declaration name: (name) @name (class_interface_clause [(name) (qualified_name)] @base)) @definition.class
(class_declaration name: (name) @name body: (declaration_list (use_declaration [(name) (qualified_name)] @base))) @definition.class
(interface_declaration name: (name) @name) @definition.interface
(interface_declaration name: (name) @name (base_clause [(name) (qualified_name)] @base)) @definition.interface
(trait_declaration name: (name) @name) @definition.trait
(enum_declaration name: (name) @name) @definition.enum

; `#[Route('/x')]`: one decorator per attribute.
(attribute_list (attribute_group (attribute) @decorator))

(formal_parameters [
  (simple_parameter type: (_)? @type name: (variable_name (name) @name))
  (variadic_parameter type: (_)? @type name: (variable_name (name) @name))
  (property_promotion_parameter type: (_)? @type name: (variable_name (name) @name))
] @parameter)

; Properties, and constructor parameters promoted to properties.
(property_declaration type: (_)? @type (property_element name: (variable_name (name) @name))) @field
(method_declaration
  name: (name) @_ctor
  parameters: (formal_parameters (property_promotion_parameter type: (_)? @type name: (variable_name (name) @name)) @field)
  (#eq? @_ctor "__construct"))

(yield_expression) @yield
