// Helper of scripts/extract-flink-keys: lists every ConfigOption declared as a static field
// in the given Flink jars, using reflection (the jars are loaded in a URLClassLoader;
// compiled and run by the wrapper with javac/java, it needs nothing on its classpath).
//
//   java ExtractFlinkKeys JAR [JAR ...]   ->  stdout, one line per declaration:
//       KIND<TAB>KEY<TAB>CANONICAL<TAB>CLASS.FIELD
//   KIND: option            a ConfigOption's key (field/class not @Deprecated)
//         deprecated-option the same, but the field or its class is @Deprecated
//         fallback          a non-deprecated fallback key of CANONICAL
//         deprecated        a deprecated key (withDeprecatedKeys) of CANONICAL
//   A field annotated @Documentation.SuffixOption("metrics.reporter.<name>") declares the
//   suffix only ("factory.class"); the key printed is PREFIX + "." + key, as Flink documents it.
//   Summary counts go to stderr.
import java.io.File;
import java.lang.annotation.Annotation;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

public class ExtractFlinkKeys {
    public static void main(String[] args) throws Exception {
        URL[] urls = new URL[args.length];
        for (int i = 0; i < args.length; i++) urls[i] = new File(args[i]).toURI().toURL();
        URLClassLoader loader = new URLClassLoader(urls, ClassLoader.getPlatformClassLoader());
        Thread.currentThread().setContextClassLoader(loader);
        Class<?> optionClass = loader.loadClass("org.apache.flink.configuration.ConfigOption");
        Method keyM = optionClass.getMethod("key");
        Method fallbackM = optionClass.getMethod("fallbackKeys");
        Class<?> fallbackClass = loader.loadClass("org.apache.flink.configuration.FallbackKey");
        Method fkKey = fallbackClass.getMethod("getKey");
        Method fkDep = fallbackClass.getMethod("isDeprecated");
        Class<? extends Annotation> suffixAnn = null;
        Method suffixValue = null;
        try {
            @SuppressWarnings("unchecked")
            Class<? extends Annotation> a = (Class<? extends Annotation>)
                    loader.loadClass("org.apache.flink.annotation.docs.Documentation$SuffixOption");
            suffixAnn = a;
            suffixValue = a.getMethod("value");
        } catch (Throwable t) {
            System.err.println("note: no Documentation.SuffixOption annotation class: " + t);
        }

        List<String> classes = new ArrayList<>();
        for (String jar : args) {
            try (JarFile jf = new JarFile(jar)) {
                Enumeration<JarEntry> en = jf.entries();
                while (en.hasMoreElements()) {
                    String n = en.nextElement().getName();
                    if (!n.endsWith(".class") || !n.startsWith("org/apache/flink/")) continue;
                    if (n.contains("/shaded/") || n.endsWith("module-info.class")) continue;
                    classes.add(n.substring(0, n.length() - 6).replace('/', '.'));
                }
            }
        }
        int scanned = 0, failed = 0, options = 0;
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (String cn : classes) {
            if (!seen.add(cn)) continue;
            Field[] fields;
            Class<?> c;
            try {
                c = Class.forName(cn, false, loader);
                fields = c.getDeclaredFields();
            } catch (Throwable t) {
                failed++;
                continue;
            }
            scanned++;
            boolean classDeprecated = c.isAnnotationPresent(Deprecated.class);
            for (Field f : fields) {
                if (!Modifier.isStatic(f.getModifiers())) continue;
                if (!optionClass.isAssignableFrom(f.getType())) continue;
                Object opt;
                try {
                    f.setAccessible(true);
                    opt = f.get(null);
                } catch (Throwable t) {
                    System.err.println("warn: cannot read " + cn + "." + f.getName() + ": " + t);
                    continue;
                }
                if (opt == null) continue;
                try {
                    String key = (String) keyM.invoke(opt);
                    String prefix = "";
                    if (suffixAnn != null) {
                        Annotation a = f.getAnnotation(suffixAnn);
                        if (a != null) prefix = suffixValue.invoke(a) + ".";
                    }
                    String full = prefix + key;
                    boolean dep = classDeprecated || f.isAnnotationPresent(Deprecated.class);
                    String where = cn + "." + f.getName();
                    System.out.println((dep ? "deprecated-option" : "option") + "\t" + full + "\t" + full + "\t" + where);
                    options++;
                    for (Object fk : (Iterable<?>) fallbackM.invoke(opt)) {
                        String k = prefix + fkKey.invoke(fk);
                        boolean d = (Boolean) fkDep.invoke(fk);
                        System.out.println((d ? "deprecated" : "fallback") + "\t" + k + "\t" + full + "\t" + where);
                    }
                } catch (Throwable t) {
                    System.err.println("warn: " + cn + "." + f.getName() + ": " + t);
                }
            }
        }
        System.err.println("classes listed " + classes.size() + ", scanned " + scanned
                + ", not loadable " + failed + ", option fields " + options);
    }
}
