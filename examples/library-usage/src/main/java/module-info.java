/** A program that uses secrets' libraries through their exported API only. */
module dev.secrets.example {
    requires dev.secrets.age;

    exports example;
}
