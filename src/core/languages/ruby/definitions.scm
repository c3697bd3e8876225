; Methods; method vs function is decided by the enclosing class or module. `def self.x` belongs to its class too.
(method
  name: (_) @name
  body: (_)? @body) @definition.function
(singleton_method
  name: (_) @name
  body: (_)? @body) @definition.method

; A lambda bound to a local name is a function of that name; other lambdas, procs and blocks are anonymous closures.
(assignment
  left: (identifier) @name
  right: (lambda body: (_) @body) @definition.function)
(lambda body: (_) @body) @definition.lambda
(call block: (block) @body @definition.lambda)
(call block: (do_block) @body @definition.lambda)

; Classes and modules (a module is an `object`: a namespace and a mixin, never instantiated).
(class name: [(constant) (scope_resolution)] @name) @definition.class
(class name: [(constant) (scope_resolution)] @name superclass: (superclass (_) @base)) @definition.class
(module name: [(constant) (scope_resolution)] @name) @definition.object
; `include Logging` / `extend Helpers` / `prepend X` inside a class body add to its ancestors.
(class
  name: [(constant) (scope_resolution)] @name
  body: (body_statement (call
    !receiver
    method: (identifier) @_mixin
    arguments: (argument_list [(constant) (scope_resolution)] @base))
  (#any-of? @_mixin "include" "extend" "prepend"))) @definition.class

(method_parameters [
  (identifier) @name
  (optional_parameter name: (identifier) @name)
  (keyword_parameter name: (identifier) @name)
  (splat_parameter name: (identifier) @name)
  (hash_splat_parameter name: (identifier) @name)
  (block_parameter name: (identifier) @name)
] @parameter)
(block_parameters [
  (identifier) @name
  (optional_parameter name: (identifier) @name)
  (keyword_parameter name: (identifier) @name)
  (splat_parameter name: (identifier) @name)
  (block_parameter name: (identifier) @name)
] @parameter)
(lambda_parameters [
  (identifier) @name
  (optional_parameter name: (identifier) @name)
  (keyword_parameter name: (identifier) @name)
  (splat_parameter name: (identifier) @name)
  (block_parameter name: (identifier) @name)
] @parameter)

; Fields: instance variables assigned anywhere in the class, typed by the `X.new` assigned when visible.
(assignment left: (instance_variable) @name) @field
(assignment
  left: (instance_variable) @name
  right: (call receiver: [(constant) (scope_resolution)] @type method: (identifier) @_new)
  (#eq? @_new "new")) @field
