/* placeholder: filled in by its issue */
typedef int placeholder_unused;
