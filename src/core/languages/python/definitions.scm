; Functions, methods and nested functions. Method vs function is decided by the enclosing definition.
(function_definition
  name: (identifier) @name
  parameters: (parameters)
  return_type: (_)? @return_type
  body: (block) @body) @definition.function

; A lambda bound to a name is a function of that name; other lambdas are anonymous.
(assignment
  left: (identifier) @name
  right: (lambda body: (_) @body) @definition.function)
(lambda body: (_) @body) @definition.lambda

(class_definition name: (identifier) @name body: (block) @body) @definition.class
; One match per base class; matches of the same definition are merged.
(class_definition
  name: (identifier) @name
  superclasses: (argument_list [(identifier) (attribute)] @base)) @definition.class

(decorator) @decorator

(parameters [
  (identifier) @name
  (typed_parameter (identifier) @name type: (type) @type)
  (default_parameter name: (identifier) @name)
  (typed_default_parameter name: (identifier) @name type: (type) @type)
  (list_splat_pattern (identifier) @name)
  (dictionary_splat_pattern (identifier) @name)
] @parameter)
(lambda_parameters [
  (identifier) @name
  (default_parameter name: (identifier) @name)
] @parameter)

; Fields: attributes assigned on self, with the constructor called when visible; class-level annotations.
(assignment
  left: (attribute object: (identifier) @_self attribute: (identifier) @name)
  right: (call function: [(identifier) (attribute)] @type)?
  (#eq? @_self "self")) @field
(assignment
  left: (attribute object: (identifier) @_self attribute: (identifier) @name)
  right: (identifier) @value
  (#eq? @_self "self")) @field
(class_definition body: (block (expression_statement
  (assignment left: (identifier) @name type: (type) @type) @field)))

(yield) @yield
; `__all__` at module level: the capture is the statement, not the module (every capture lies inside one top-level node,
; for incremental extraction), and `#top-level?` (checked by the extractor) is much cheaper than `(module …)`.
((expression_statement (assignment
  left: (identifier) @_all
  right: (list (string (string_content) @name))) (#eq? @_all "__all__")) @export (#top-level? @export))
